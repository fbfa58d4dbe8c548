"""The bank as an XLSForm (a web or phone form for KoboToolbox, ODK Central and their clients),
and the exports of that form read back as answer sets."""
