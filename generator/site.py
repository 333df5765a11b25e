"""The MkDocs edge: build the site into a temporary folder and swap it in on success.

A failed or interrupted build leaves the previous ``site/`` as it was.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

from generator.errors import BuildError


def reproducible_epoch(latest: date | None) -> str:
    """SOURCE_DATE_EPOCH as set by the user, else the newest article date (never the clock)."""
    if os.environ.get("SOURCE_DATE_EPOCH", "").strip().isdigit():
        return os.environ["SOURCE_DATE_EPOCH"].strip()
    moment = datetime.combine(latest or date(1970, 1, 1), datetime.min.time(), tzinfo=UTC)
    return str(int(moment.timestamp()))


def build_site(config_file: Path, site_dir: Path, latest: date | None, strict: bool = False) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    os.environ["SOURCE_DATE_EPOCH"] = reproducible_epoch(latest)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.building-", dir=site_dir.parent))
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    try:
        config = load_config(str(config_file), site_dir=str(staging), strict=strict)
        build(config)
    except (MkDocsException, OSError, SystemExit) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildError(f"{config_file}: mkdocs: {exc}; the previous site/ is kept") from exc
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    retired = site_dir.with_name(f".{site_dir.name}.old")
    shutil.rmtree(retired, ignore_errors=True)
    if site_dir.exists():
        site_dir.rename(retired)
    staging.rename(site_dir)
    shutil.rmtree(retired, ignore_errors=True)
