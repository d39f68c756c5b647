#!/usr/bin/python3
"""Baseline for bench_pipeline: the same matching work done the way a data engineer would in pandas.

    /usr/bin/python3 bench/pandas_baseline.py DATA_DIR PAIRS_FILE [--nicknames FILE]

DATA_DIR holds crm.sqlite, quoting.sqlite and accounting.sqlite as `concord-cli generate` writes
them. PAIRS_FILE is what `bench_pipeline --pairs` writes: the candidate pairs Concord's fuzzy
scorer compared (all of them, or every k-th one), with Concord's score for each.

Stages, each timed (wall clock):
  read       the mapped columns of the three tables, with the sqlite3 module into DataFrames
  normalize  match keys per field: e-mail lower case, phone as E.164 digits, names and companies
             folded (no diacritics, case or punctuation; "LAST, FIRST" reordered; legal form
             dropped), US state codes, 5-digit ZIP; then Concord's derived fields (crm's
             full_name from first and last name, quoting's and accounting's first and last name
             from full_name). Each distinct raw value is normalized once, as Concord caches them.
  merge      exact-key FULL OUTER merge of the three systems on the normalized e-mail, counting
             per shared field and pair of systems the rows whose normalized values differ
  score      the fuzzy score of every pair in PAIRS_FILE with the comparators and weights that
             MatchConfig::suggestFor gives this workspace (core/match/MatchConfig.cpp): exact,
             Jaro-Winkler (jellyfish), nickname (core/match/nicknames.txt, else Jaro-Winkler),
             token set ratio (rapidfuzz's definition, in Python: Debian has no python3-rapidfuzz).
             Exact comparators and thresholds are vectorized with numpy; the string metrics run
             per pair, as DataFrame.apply would.

Not charged to pandas: building the blocks and enumerating the candidate pairs (it is handed
Concord's pairs), and looking the pairs' records up. When PAIRS_FILE holds every k-th pair only,
the scoring time is measured on those and multiplied by k ("scaled"): scoring is linear in pairs.

Prints the figures, and for the runner script one line
  RESULT pandas total <s> read <s> normalize <s> merge <s> score <s scaled> score_measured <s>
         sampled <n> pairs <N> peak_mib <MiB>
and how often its scores and bands agree with Concord's on the same pairs (they differ where
this script's simpler normalization differs from Concord's, e.g. phone numbers libphonenumber
rejects, or names with hyphens).
"""
import argparse
import importlib.metadata
import os
import re
import resource
import sqlite3
import sys
import time
import unicodedata
import warnings

# jellyfish 0.8's C extension parses str arguments with the deprecated 'u' format.
warnings.simplefilter("ignore", DeprecationWarning)

import jellyfish  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

JW = getattr(jellyfish, "jaro_winkler_similarity", None) or jellyfish.jaro_winkler

# (field, method, high, low, agree, partial, disagree): MatchConfig::suggestFor for the demo's
# fields (email, phone, first/last/full name, company, state, postal code), in its order.
COMPARATORS = [
    ("email", "exact", 1.0, 1.0, 9.0, 0.0, -2.0),
    ("phone", "exact", 1.0, 1.0, 7.0, 0.0, -2.0),
    ("first_name", "nickname", 0.92, 0.80, 1.5, 0.5, -4.0),
    ("last_name", "jaro_winkler", 0.94, 0.85, 2.5, 1.0, -3.0),
    ("full_name", "token_set", 0.95, 0.80, 1.5, 0.5, -2.0),
    ("company", "jaro_winkler", 0.92, 0.85, 1.5, 0.5, -1.0),
    ("state", "exact", 1.0, 1.0, 0.5, 0.0, -1.5),
    ("postal_code", "exact", 1.0, 1.0, 2.0, 0.0, -1.0),
]
AUTO_MATCH, REVIEW = 8.0, 4.0

# system -> (file, table, key column, {canonical field: column}), as the demo workspace maps them.
SYSTEMS = {
    "crm": ("crm.sqlite", "contacts", "contact_id",
            {"first_name": "first_name", "last_name": "last_name", "email": "email", "phone": "phone",
             "company": "company", "state": "state", "postal_code": "postal_code"}),
    "quoting": ("quoting.sqlite", "customers", "customer_ref",
                {"full_name": "full_name", "email": "email_address", "phone": "phone",
                 "company": "company_name", "state": "state"}),
    "accounting": ("accounting.sqlite", "customer_accounts", "account_no",
                   {"full_name": "name", "email": "billing_email", "phone": "phone", "company": "company",
                    "state": "billing_state"}),
}
FIELDS = ["first_name", "last_name", "full_name", "email", "phone", "company", "state", "postal_code"]

US_STATES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia",
    "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana",
    "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland",
    "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota", "MS": "Mississippi", "MO": "Missouri",
    "MT": "Montana", "NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire", "NJ": "New Jersey",
    "NM": "New Mexico", "NY": "New York", "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio",
    "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania", "RI": "Rhode Island",
    "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas", "UT": "Utah",
    "VT": "Vermont", "VA": "Virginia", "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin",
    "WY": "Wyoming", "PR": "Puerto Rico", "GU": "Guam", "VI": "Virgin Islands",
}
STATE_LOOKUP = {}
for _code, _name in US_STATES.items():
    STATE_LOOKUP[_code.lower()] = _code
    STATE_LOOKUP[re.sub(r"[^a-z]", "", _name.lower())] = _code

LEGAL_FORMS = {
    "inc", "incorporated", "llc", "limitedliabilitycompany", "limitedliabilityco", "corp", "corporation",
    "ltd", "limited", "co", "company", "coltd", "colimited", "companylimited", "plc",
    "publiclimitedcompany", "llp", "limitedliabilitypartnership", "lp", "limitedpartnership", "pllc",
    "pc", "gmbh", "kg", "ag", "sa", "sas", "sarl", "srl", "spa", "sl", "bv", "nv", "se", "ptyltd",
    "pty", "ab", "oy", "oyj", "as", "asa", "aps", "kk",
}
NAME_SUFFIXES = {"jr", "sr", "ii", "iii", "iv", "phd", "md", "esq", "dds", "cpa", "mba", "jd"}
# Letters NFKD leaves alone although readers treat them as a base letter.
SPECIAL_FOLD = str.maketrans({"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "ß": "ss", "ẞ": "SS", "æ": "ae",
                              "Æ": "AE", "œ": "oe", "Œ": "OE", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D",
                              "þ": "th", "Þ": "TH", "ı": "i"})
APOSTROPHES_AND_DOTS = re.compile("['\u2019\u2018\u02bc`\u00b4.]")
SEPARATORS = re.compile(r"[\W_]+")


def fold(text):
    """Concord's matchKey: no diacritics, case-folded, apostrophes and dots dropped, words
    separated by one space."""
    if not text.isascii():
        text = "".join(c for c in unicodedata.normalize("NFKD", text)
                       if unicodedata.category(c) not in ("Mn", "Me")).translate(SPECIAL_FOLD)
    text = APOSTROPHES_AND_DOTS.sub("", text.casefold())
    return SEPARATORS.sub(" ", text).strip()


def blank(raw):
    return raw is None or (isinstance(raw, float) and np.isnan(raw)) or str(raw).strip() == ""


def name_key(raw):
    if blank(raw):
        return None
    text = " ".join(str(raw).split())
    if "@" in text or any(c.isdigit() for c in text) or not any(c.isalpha() for c in text):
        return None
    if "," in text:
        parts = [p.strip() for p in text.split(",") if p.strip()]
        if len(parts) == 2 and fold(parts[1]).replace(" ", "") not in NAME_SUFFIXES:
            text = parts[1] + " " + parts[0]
        elif len(parts) == 3 and fold(parts[2]).replace(" ", "") in NAME_SUFFIXES:
            text = parts[1] + " " + parts[0] + " " + parts[2]
        elif len(parts) <= 2:
            text = " ".join(parts)
    key = fold(text)
    return key or None


def company_key(raw):
    if blank(raw):
        return None
    text = " ".join(str(raw).replace(",", ", ").split())
    if "@" in text:
        return None
    words = text.split(" ")
    folded = [fold(w).replace(" ", "") for w in words]
    keep = len(words)
    for k in range(min(4, len(words) - 1), 0, -1):
        if folded[len(words) - k] and "".join(folded[len(words) - k:]) in LEGAL_FORMS \
                and any(folded[:len(words) - k]):
            keep = len(words) - k
            break
    name = " ".join(words[:keep]).rstrip(",;:-\u2013\u2014 ")
    if keep < len(words) and (name.endswith("&") or name.lower().endswith(" and")):
        name = text  # "Johnson & Co": the Co belongs to the name
    key = fold(name.replace("&", " and "))
    if key.startswith("the ") and len(key) > 4:
        key = key[4:]
    return key or None


def email_key(raw):
    if blank(raw):
        return None
    text = str(raw).strip()
    if text.endswith(">") and "<" in text:
        text = text[text.rindex("<") + 1:-1].strip()
    if text.lower().startswith("mailto:"):
        text = text[7:].strip()
    text = text.lower()
    local, at, domain = text.rpartition("@")
    if not at or not local or "@" in local or "." not in domain or " " in text:
        return None
    return text


NON_DIGITS = re.compile(r"\D")
EXTENSION = re.compile(r"(?i)\s*(?:ext\.?|x|#)\s*\d+\s*$")


def phone_key(raw):
    """E.164 digits of a North American number (Concord: libphonenumber, default region US)."""
    if blank(raw):
        return None
    text = EXTENSION.sub("", str(raw).strip())
    digits = NON_DIGITS.sub("", text)
    if text.startswith("+"):
        return digits if len(digits) == 11 and digits[0] == "1" else (digits if 8 <= len(digits) <= 15 else None)
    if text.startswith("00") and len(digits) > 10:
        return digits[2:]
    if len(digits) == 10:
        return "1" + digits
    if len(digits) == 11 and digits[0] == "1":
        return digits
    return None


def state_key(raw):
    if blank(raw):
        return None
    letters = re.sub(r"[^a-z]", "", fold(str(raw)))
    code = STATE_LOOKUP.get(letters)
    if code is None and letters.startswith("us"):
        code = STATE_LOOKUP.get(letters[2:])
    if code is None and letters.startswith("stateof"):
        code = STATE_LOOKUP.get(letters[7:])
    if code is None and letters.endswith("state"):
        code = STATE_LOOKUP.get(letters[:-5])
    return code


def postal_key(raw):
    if blank(raw):
        return None
    text = str(raw).strip().split("-")[0]
    return text.zfill(5) if text.isdigit() and len(text) <= 5 else None


RULES = {"first_name": name_key, "last_name": name_key, "full_name": name_key, "email": email_key,
         "phone": phone_key, "company": company_key, "state": state_key, "postal_code": postal_key}


def normalize_column(series, rule):
    """Each distinct raw value once, then mapped back (the idiomatic fast path)."""
    uniques = series.dropna().unique()
    return series.map(dict(zip(uniques, map(rule, uniques))))


class Nicknames:
    def __init__(self, path):
        self.groups = {}
        index = 0
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.split("#", 1)[0]
                names = {self.fold(n) for n in line.split(",")} - {""}
                if len(names) < 2:
                    continue
                for n in names:
                    self.groups.setdefault(n, set()).add(index)
                index += 1

    @staticmethod
    def fold(name):
        return "".join(c for c in fold(name) if c.isalnum())

    def equivalent(self, a, b):
        ka, kb = self.fold(a), self.fold(b)
        if not ka or not kb:
            return False
        if ka == kb:
            return True
        ga, gb = self.groups.get(ka), self.groups.get(kb)
        return bool(ga and gb and not ga.isdisjoint(gb))


TOKEN_SPLIT = re.compile(r"[\W_]+")


def lcs_length(a, b):
    """Longest common subsequence, bit-parallel on Python integers (Allison-Dix / Hyyroe)."""
    if len(a) < len(b):
        a, b = b, a
    if not b:
        return 0
    masks = {}
    for i, c in enumerate(b):
        masks[c] = masks.get(c, 0) | (1 << i)
    full = (1 << len(b)) - 1
    v = full
    for c in a:
        u = v & masks.get(c, 0)
        v = ((v + u) | (v - u)) & full
    return len(b) - bin(v).count("1")


def token_set_ratio(a, b):
    """rapidfuzz's fuzz.token_set_ratio(a, b, processor=default_process) / 100."""
    ta = set(TOKEN_SPLIT.split(a.lower())) - {""}
    tb = set(TOKEN_SPLIT.split(b.lower())) - {""}
    if not ta or not tb:
        return 0.0
    common = sorted(ta & tb)
    only_a = " ".join(sorted(ta - tb))
    only_b = " ".join(sorted(tb - ta))
    if common and (not only_a or not only_b):
        return 1.0
    common_len = len(" ".join(common))
    sep = 1 if common_len else 0
    plus_a = common_len + sep + len(only_a)
    plus_b = common_len + sep + len(only_b)
    distance = len(only_a) + len(only_b) - 2 * lcs_length(only_a, only_b)
    best = 1.0 - distance / (plus_a + plus_b) if plus_a + plus_b else 1.0
    if common_len == 0:
        return best
    return max(best, 1.0 - (sep + len(only_a)) / (common_len + plus_a),
               1.0 - (sep + len(only_b)) / (common_len + plus_b))


def read_systems(data_dir):
    frames = {}
    for system, (file, table, key, mapping) in SYSTEMS.items():
        columns = ", ".join(f'"{key}" AS source_id' if i == 0 else f'"{c}" AS "{f}"'
                            for i, (f, c) in enumerate([(None, key)] + list(mapping.items())))
        with sqlite3.connect(os.path.join(data_dir, file)) as db:
            frames[system] = pd.read_sql_query(f'SELECT {columns} FROM "{table}"', db)
    return frames


def normalize(frames):
    out = {}
    for system, raw in frames.items():
        df = pd.DataFrame({"source_id": raw["source_id"].astype(str)})
        for field in FIELDS:
            df[field] = normalize_column(raw[field], RULES[field]) if field in raw else None
        # Derived fields, only where the system does not hold the field itself.
        if "full_name" not in raw and "first_name" in raw and "last_name" in raw:
            df["full_name"] = df["first_name"].str.cat(df["last_name"], sep=" ")  # NaN when either is
        if "full_name" in raw:
            tokens = df["full_name"].str.split(" ")
            two = tokens.str.len() >= 2
            if "first_name" not in raw:
                df["first_name"] = tokens.str[0].where(two)
            if "last_name" not in raw:
                df["last_name"] = tokens.str[-1].where(two)
        df.insert(0, "system", system)
        out[system] = df
    return out


def merge_and_diff(norm):
    """Exact-key FULL OUTER merge on e-mail; per field and pair of systems, rows that differ."""
    c, q, a = (norm[s].add_prefix(p) for s, p in (("crm", "c_"), ("quoting", "q_"), ("accounting", "a_")))
    # A missing e-mail matches nothing (pandas would join NaN to NaN).
    for frame, p in ((c, "c_"), (q, "q_"), (a, "a_")):
        frame["k"] = frame[p + "email"].fillna("\0" + p + frame[p + "source_id"])
    cq = c.merge(q, on="k", how="outer")
    merged = cq.merge(a, on="k", how="outer")
    counts = {}
    for field in ("full_name", "phone", "company", "state"):
        for x, y in (("c", "q"), ("c", "a"), ("q", "a")):
            left, right = merged[f"{x}_{field}"], merged[f"{y}_{field}"]
            counts[f"{field} {x}/{y}"] = int((left.notna() & right.notna() & (left != right)).sum())
    return len(merged), counts


def score_pairs(keys, ia, ib, nicknames):
    """The fuzzy score of every pair (records ia[i], ib[i]), vectorized per comparator."""
    total = np.zeros(len(ia))
    for field, method, high, low, agree, partial, disagree in COMPARATORS:
        column = keys[field]
        ka, kb = column[ia], column[ib]
        present = pd.notna(ka) & pd.notna(kb)
        sim = np.where(present & (ka == kb), 1.0, 0.0)
        if method != "exact":
            todo = np.flatnonzero(present & (ka != kb))
            if method == "jaro_winkler":
                values = [JW(x, y) for x, y in zip(ka[todo], kb[todo])]
            elif method == "nickname":
                values = [1.0 if nicknames.equivalent(x, y) else JW(x, y) for x, y in zip(ka[todo], kb[todo])]
            elif method == "token_set":
                values = [token_set_ratio(x, y) for x, y in zip(ka[todo], kb[todo])]
            else:
                raise ValueError(method)
            sim[todo] = values
        weight = np.where(sim >= high, agree, np.where(sim >= low, partial, disagree))
        total += np.where(present, weight, 0.0)
    return total


def band(scores):
    return np.where(scores >= AUTO_MATCH, 2, np.where(scores >= REVIEW, 1, 0))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir")
    parser.add_argument("pairs")
    parser.add_argument("--nicknames", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                            "..", "core", "match", "nicknames.txt"))
    args = parser.parse_args()
    nicknames = Nicknames(args.nicknames)

    t = time.perf_counter()
    frames = read_systems(args.data_dir)
    read_s = time.perf_counter() - t
    rows = {s: len(f) for s, f in frames.items()}

    t = time.perf_counter()
    norm = normalize(frames)
    normalize_s = time.perf_counter() - t
    del frames

    t = time.perf_counter()
    merged_rows, differ = merge_and_diff(norm)
    merge_s = time.perf_counter() - t

    # Not charged: the candidate pairs, looked up as global record positions.
    records = pd.concat(norm.values(), ignore_index=True)
    with open(args.pairs, encoding="utf-8") as f:
        header = f.readline()
    match = re.search(r"candidate pairs (\d+), every (\d+)", header)
    if not match:
        sys.exit(f"{args.pairs}: first line must say '# candidate pairs N, every K...'")
    total_pairs, stride = int(match.group(1)), int(match.group(2))
    pairs = pd.read_csv(args.pairs, sep="\t", comment="#", dtype={"source_a": str, "source_b": str},
                        keep_default_na=False)
    where = pd.Index(records["system"] + "\t" + records["source_id"])
    ia = where.get_indexer(pairs["system_a"] + "\t" + pairs["source_a"])
    ib = where.get_indexer(pairs["system_b"] + "\t" + pairs["source_b"])
    if (ia < 0).any() or (ib < 0).any():
        sys.exit(f"{args.pairs}: {(ia < 0).sum() + (ib < 0).sum()} records not found in {args.data_dir}")
    keys = {field: records[field].to_numpy(dtype=object) for field in FIELDS}

    t = time.perf_counter()
    scores = score_pairs(keys, ia, ib, nicknames)
    score_measured = time.perf_counter() - t
    sampled = len(pairs)
    scale = total_pairs / sampled if sampled else 0.0
    score_s = score_measured * scale
    total_s = read_s + normalize_s + merge_s + score_s
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0

    theirs = pairs["score"].to_numpy(dtype=float)
    same_score = float(np.mean(np.abs(scores - theirs) < 1e-3)) if sampled else 0.0
    same_band = float(np.mean(band(scores) == band(theirs))) if sampled else 0.0

    try:
        jellyfish_version = importlib.metadata.version("jellyfish")
    except importlib.metadata.PackageNotFoundError:
        jellyfish_version = "?"
    print(f"pandas {pd.__version__}, numpy {np.__version__}, jellyfish {jellyfish_version}, "
          f"Python {sys.version.split()[0]}")
    print("rows: " + ", ".join(f"{s} {n}" for s, n in rows.items()))
    print(f"  read              {read_s:.2f} s (sqlite3 module, pd.read_sql_query)")
    print(f"  normalize         {normalize_s:.2f} s")
    print(f"  merge + diff      {merge_s:.2f} s ({merged_rows} merged rows; differ: "
          + ", ".join(f"{k} {v}" for k, v in differ.items()) + ")")
    if stride > 1:
        print(f"  score             {score_s:.2f} s SCALED: measured {score_measured:.2f} s on {sampled} "
              f"pairs (1 in {stride} of Concord's {total_pairs} candidate pairs, in block order) "
              f"x {scale:.1f}")
    else:
        print(f"  score             {score_s:.2f} s ({sampled} pairs, all of them)")
    print(f"  total             {total_s:.2f} s (blocking and pair enumeration not charged)")
    print(f"  peak RSS          {peak_mib:.1f} MiB"
          + (f" (holding {sampled} pairs, not {total_pairs})" if sampled < total_pairs else ""))
    print(f"  same pairs as Concord: score equal on {same_score:.2%}, band (auto/review/none) equal on "
          f"{same_band:.2%}; auto {int((band(scores) == 2).sum())} vs Concord {int((band(theirs) == 2).sum())}, "
          f"review {int((band(scores) == 1).sum())} vs {int((band(theirs) == 1).sum())}")
    print(f"RESULT pandas total {total_s:.3f} read {read_s:.3f} normalize {normalize_s:.3f} merge {merge_s:.3f} "
          f"score {score_s:.3f} score_measured {score_measured:.3f} sampled {sampled} pairs {total_pairs} "
          f"peak_mib {peak_mib:.1f}")


if __name__ == "__main__":
    main()
