"""National-scale benchmark of Passend (run with bin/bench). Not part of the installed package."""
