"""One module per API resource (its resource and data sources). `resources.catalog` lists them all; the entry
point (`resources.main`) is the only place that hands that list to the provider."""
