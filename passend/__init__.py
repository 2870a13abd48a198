"""Passend: open-source platform voor passend onderwijs."""
