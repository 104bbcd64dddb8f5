"""Pure extraction functions: (HTML, URL, profile) in, archive records out. No Scrapy, no I/O."""
