"""Paste the text of a press-room page, preview what it holds, then save it."""


class PasteReleaseAdminMixin:
    pass
