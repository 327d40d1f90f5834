"""People and households: persons (NIK optional) and the families they belong to."""
