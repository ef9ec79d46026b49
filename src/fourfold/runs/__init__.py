"""Run folders: their file names, their status and the index of past runs."""
