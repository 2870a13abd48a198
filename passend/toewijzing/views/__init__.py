"""Pages of toewijzing, one module per room:

- detail.py: the request page every role shares, and the generic workflow step (POST) and file downloads;
- aanvragen.py: the school's list, new request, edit, attachments, and the parent's reaction;
- behandeling.py: the SWV's worklist, consulent, MDO, notes, experts, the decision form, settings;
- advies.py: the expert's assignments and advice form;
- tlv.py: the TLV register, expiring worklist, withdrawal, Excel export;
- bezwaar.py: objections and the LBT procedure;
- arrangementen.py: granted arrangements and their spending;
- monitoring.py: counts, lead times and charts, with an Excel export.
"""
