"""The X platform packager: the upload package written from the workspace, the platform's exports read back."""
