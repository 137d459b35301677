"""Files to validated rows: readers that name every bad cell by row and column."""
