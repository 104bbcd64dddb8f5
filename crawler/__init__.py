"""herford-archive crawler: the Scrapy project, pure extractors, site profiles and the sample site."""

__version__ = "0.1.0"
