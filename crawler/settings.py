"""Scrapy settings of the herford-archive crawler (polite defaults for real municipal hosts)."""

from crawler import __version__

BOT_NAME = "herford-archive"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

USER_AGENT = (
    f"herford-archive/{__version__} (archiving crawler for municipal websites; "
    "+https://pypi.org/project/herford-archive/)"
)
ROBOTSTXT_OBEY = True

# Politeness for real hosts; the spider lifts the delays for loopback (sample site, tests).
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 2.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 60

DOWNLOAD_MAXSIZE = 25 * 1024 * 1024
DOWNLOAD_WARNSIZE = 10 * 1024 * 1024
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
DEPTH_LIMIT = 12
# breadth-first: menus and list pages before deep links, so a --max-pages run covers the site's top
DEPTH_PRIORITY = 1
SCHEDULER_DISK_QUEUE = "scrapy.squeues.PickleFifoDiskQueue"
SCHEDULER_MEMORY_QUEUE = "scrapy.squeues.FifoMemoryQueue"
REDIRECT_ENABLED = True
MEDIA_ALLOW_REDIRECTS = True
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
LOG_LEVEL = "INFO"
FEED_EXPORT_ENCODING = "utf-8"

# Where the archive lives; the CLI overrides these from --data-dir/--db/--profile.
ARCHIVE_DATA_DIR = "archive-data"
ARCHIVE_DB_URL = None
ARCHIVE_PROFILE = "herford"
FILES_STORE = "archive-data/media"
FILES_EXPIRES = 365

DOWNLOADER_MIDDLEWARES = {
    "crawler.middlewares.ConditionalRequestMiddleware": 580,
    "pipelines.warc.WarcWriterMiddleware": 650,
}
ITEM_PIPELINES = {
    "pipelines.media.PhotoFilesPipeline": 100,
    "pipelines.media.DocumentFilesPipeline": 110,
    "pipelines.storage.ArchiveStorePipeline": 300,
}
