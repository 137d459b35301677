"""The partner roster: partners, the paged list, roster files in and out."""
