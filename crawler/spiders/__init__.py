"""Scrapy spiders: they decide what to fetch and hand responses to crawler.extract."""
