"""Statement section: the unearned premium reserve, its run-off and the premium adequacy test."""
