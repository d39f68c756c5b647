#!/usr/bin/python3
"""Writes the reference values tst_comparators checks concord's comparators against.

    /usr/bin/python3 tests/data/match/make_reference.py   (needs python3-jellyfish, Debian 12)

jaro_winkler_reference.csv  a,b,jaro,jaro_winkler  jellyfish 0.8 (C extension); pairs with
    characters outside the BMP are computed with jellyfish's pure-Python implementation on
    the strings' UTF-16 code units, which is how concord counts them.
edit_distance_reference.csv  a,b,osa,damerau,levenshtein  osa: the optimal string alignment
    recurrence below; damerau (unrestricted) and levenshtein: jellyfish. osa lies between.
phonetic_reference.csv  name,soundex,nysiis  jellyfish.soundex and jellyfish's pure-Python
    nysiis (the reference implementation; 0.8.9's C nysiis differs in corner cases).
token_set_reference.csv  a,b,ratio  a transcription of rapidfuzz 3's fuzz.token_set_ratio with
    processor=default_process, / 100 (rapidfuzz is not packaged on Debian 12).
No field contains a comma. Deterministic: a fixed seed.
"""
import os
import random
import re

import jellyfish
import jellyfish._jellyfish as pyjelly

HERE = os.path.dirname(os.path.abspath(__file__))
rng = random.Random(20240611)

NAMES = """James Robert John Michael William David Richard Joseph Thomas Charles Christopher
Daniel Matthew Anthony Mark Donald Steven Paul Andrew Joshua Kenneth Kevin Brian George Timothy
Ronald Edward Jason Jeffrey Ryan Jacob Gary Nicholas Eric Jonathan Stephen Larry Justin Scott
Benjamin Samuel Gregory Alexander Patrick Frank Raymond Peter Douglas Lawrence Frederick Theodore
Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Lisa Nancy Betty
Margaret Sandra Ashley Kimberly Emily Donna Michelle Carol Amanda Dorothy Melissa Deborah
Stephanie Rebecca Sharon Laura Cynthia Kathleen Amy Angela Anna Victoria Abigail Katherine
Christine Samantha Jacqueline Olivia Sophia Grace Hannah Megan Priya Wei Mei Hiroshi Ahmed Fatima
Carlos Maria Luis Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Moore
Martin Jackson Thompson White Harris Clark Lewis Robinson Walker Young Allen King Wright Hill
Green Adams Baker Nelson Carter Mitchell Roberts Turner Phillips Campbell Parker Evans Edwards
Collins Stewart Morris Murphy Cook Rogers Morgan Cooper Peterson Bailey Reed Kelly Howard Cox
Ward Richardson Watson Brooks Wood Bennett Gray Hughes Price Sanders Myers Long Ross Foster
Powell Jenkins Perry Russell Sullivan Bell Coleman Butler Henderson Barnes Fisher Vasquez
Simmons Graham Marshall Owens Harrison Gibson Wallace McDonald Nguyen Kim Patel Chen Wang Tanaka
Singh Khan Lopez Rivera Ramirez Torres Flores Kowalski Schmidt Novak Hoffman Schultz Larsen
Olsen Fitzgerald Lee Ashcraft Tymczak Pfister Knight Schneider Macintosh Phelps Kneeland
Stevens Evans Hughes Mackenzie Schroeder Philips Pfeiffer Wheeler Dwyer Bishop""".split()
ACCENTED = "José Zoë Renée Chloé François Jürgen Søren Björn Inés Noémie André Łukasz Raúl Mónica Hélène Jérôme García Núñez Müller Peña Dvořák".split()


def typo(name):
    """A keying slip: substitution, deletion, insertion, adjacent swap, case, or a second name."""
    s = list(name)
    kind = rng.randrange(7)
    i = rng.randrange(len(s))
    if kind == 0:
        s[i] = rng.choice("abcdefghijklmnopqrstuvwxyz")
    elif kind == 1 and len(s) > 1:
        del s[i]
    elif kind == 2:
        s.insert(i, rng.choice("aeioulnrst"))
    elif kind == 3 and len(s) > 1:
        i = min(i, len(s) - 2)
        s[i], s[i + 1] = s[i + 1], s[i]
    elif kind == 4:
        return name.upper()
    elif kind == 5:
        return name + " " + rng.choice(NAMES)
    return "".join(s)


def utf16_units(s):
    """s as a str of UTF-16 code units (surrogates as separate characters)."""
    data = s.encode("utf-16-le", "surrogatepass")
    return "".join(chr(data[k] | data[k + 1] << 8) for k in range(0, len(data), 2))


def random_string(alphabet, lo, hi):
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(lo, hi)))


def osa(a, b):
    a, b = utf16_units(a), utf16_units(b)
    d = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        d[i][0] = i
    for j in range(len(b) + 1):
        d[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[len(a)][len(b)]


def name_pairs(n):
    pairs = []
    for _ in range(n):
        a = rng.choice(NAMES + ACCENTED)
        r = rng.random()
        b = typo(a) if r < 0.6 else (rng.choice(NAMES + ACCENTED) if r < 0.9 else typo(typo(a)))
        pairs.append((a, b))
    return pairs


def jaro_rows():
    pairs = [("MARTHA", "MARHTA"), ("DWAYNE", "DUANE"), ("DIXON", "DICKSONX"), ("JELLYFISH", "SMELLYFISH"),
             ("CRATE", "TRACE"), ("a", "a"), ("a", "b"), ("", "abc"), ("abc", ""), ("ab", "ba"),
             ("SHACKLEFORD", "SHACKELFORD"), ("DUNNINGHAM", "CUNNIGHAM"), ("NICHLESON", "NICHULSON"),
             ("JONES", "JOHNSON"), ("MASSEY", "MASSIE"), ("ABROMS", "ABRAMS"), ("HARDIN", "MARTINEZ"),
             ("ITMAN", "SMITH"), ("JERALDINE", "GERALDINE"), ("MICHELLE", "MICHAEL"), ("JULIES", "JULIUS"),
             ("TANYA", "TONYA"), ("SEAN", "SUSAN"), ("JON", "JOHN"), ("JON", "JAN")]
    pairs += name_pairs(220)
    pairs += [(random_string("abcdeAB é", 0, 12), random_string("abcdeAB é", 0, 12)) for _ in range(120)]
    # Around and beyond the 64-unit bit-parallel limit.
    for lengths in [(63, 63), (64, 64), (64, 65), (65, 64), (65, 65), (1, 100), (100, 3)]:
        pairs.append(tuple(random_string("abcd", k, k) for k in lengths))
    for _ in range(40):
        a = random_string("abcdef", 40, 140)
        b = "".join(c if rng.random() > 0.2 else rng.choice("abcdef") for c in a)
        pairs.append((a, b[: rng.randint(len(b) // 2, len(b))]))
    # Outside the BMP: surrogate pairs count as two units.
    astral = ["a", "b", "e", "\U0001D49C", "\U0001F600", "\U0001F601", "é"]
    pairs += [(random_string(astral, 1, 8), random_string(astral, 1, 8)) for _ in range(30)]
    pairs += [("\U0001F600abc", "\U0001F601abc"), ("\U0001D49Cbc", "Abc"), ("x\U0001F600", "x\U0001F600")]
    rows = []
    for a, b in pairs:
        if not a and not b:
            continue  # jellyfish 0.8 says 0.0, concord (like rapidfuzz) 1.0: tested on its own
        if any(ord(c) > 0xFFFF for c in a + b):
            ua, ub = utf16_units(a), utf16_units(b)
            j, jw = pyjelly.jaro_similarity(ua, ub), pyjelly.jaro_winkler_similarity(ua, ub)
        else:
            j, jw = jellyfish.jaro_similarity(a, b), jellyfish.jaro_winkler_similarity(a, b)
            assert abs(jw - pyjelly.jaro_winkler_similarity(a, b)) < 1e-12
        rows.append((a, b, repr(j), repr(jw)))
    return rows


def edit_rows():
    pairs = [("ca", "abc"), ("CA", "AC"), ("kitten", "sitting"), ("", ""), ("", "abc"), ("abc", ""),
             ("abcdef", "badcfe"), ("teh", "the"), ("Saturday", "Sunday"), ("abcd", "acbd"),
             ("abcd", "bacd"), ("a cat", "an act"), ("Jellyfish", "Smellyfish")]
    pairs += name_pairs(150)
    pairs += [(random_string("abc", 0, 10), random_string("abc", 0, 10)) for _ in range(100)]
    for _ in range(30):
        a = random_string("abcdef", 50, 140)
        b = "".join(c if rng.random() > 0.15 else rng.choice("abcdef") for c in a)
        k = rng.randrange(len(b) - 1)
        b = b[:k] + b[k + 1] + b[k] + b[k + 2:]  # and one adjacent transposition
        pairs.append((a, b))
    rows = []
    for a, b in pairs:
        o = osa(a, b)
        d = jellyfish.damerau_levenshtein_distance(a, b)
        lev = jellyfish.levenshtein_distance(a, b)
        assert d <= o <= lev, (a, b)
        rows.append((a, b, str(o), str(d), str(lev)))
    return rows


def phonetic_rows():
    names = sorted(set(NAMES)) + ["Ashcraft", "Ashcroft", "Tymczak", "Pfister", "Honeyman", "Rupert",
                                  "Rubin", "Lloyd", "Lukasiewicz", "Gutierrez", "Jackson", "Washington",
                                  "Lee", "A", "Schmidt", "Knuth", "Kirsch", "Macdonald", "Phillips",
                                  "Mitchell", "Evans", "Yeats", "Heath", "Bishop", "Schwartz"]
    names += [random_string("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 1, 10) for _ in range(150)]
    names += [random_string("AEHKMNPSCVWZIUOTDRQ", 2, 9) for _ in range(100)]  # hits NYSIIS's rules
    return [(n, jellyfish.soundex(n), pyjelly.nysiis(n)) for n in names]


# --- rapidfuzz token_set_ratio -------------------------------------------------------------

def default_process(s):
    return "".join(c.lower() if c.isalnum() else " " for c in s).strip()


def lcs(a, b):
    prev = [0] * (len(b) + 1)
    for ca in a:
        cur = [0]
        for j, cb in enumerate(b):
            cur.append(prev[j] + 1 if ca == cb else max(prev[j + 1], cur[j]))
        prev = cur
    return prev[-1]


def token_set_ratio(s1, s2):
    tokens_a, tokens_b = set(default_process(s1).split()), set(default_process(s2).split())
    if not tokens_a or not tokens_b:
        return 0.0
    intersect, diff_ab, diff_ba = tokens_a & tokens_b, tokens_a - tokens_b, tokens_b - tokens_a
    if intersect and (not diff_ab or not diff_ba):
        return 1.0
    ab, ba = " ".join(sorted(diff_ab)), " ".join(sorted(diff_ba))
    sect_len = len(" ".join(sorted(intersect)))
    sect_ab_len = sect_len + (sect_len != 0) + len(ab)
    sect_ba_len = sect_len + (sect_len != 0) + len(ba)
    dist = len(ab) + len(ba) - 2 * lcs(ab, ba)
    total = sect_ab_len + sect_ba_len
    result = 1.0 - dist / total if total else 1.0
    if not sect_len:
        return result
    return max(result,
               1.0 - ((sect_len != 0) + len(ab)) / (sect_len + sect_ab_len),
               1.0 - ((sect_len != 0) + len(ba)) / (sect_len + sect_ba_len))


def token_rows():
    words = "acme inc corp corporation ltd the of and co group holdings bank first national smith john robert mary jones north south east west trust".split()
    punct = [" ", " ", " ", "  ", ".", "-", "&", "/", "'", " (", ") "]
    pairs = [("fuzzy wuzzy was a bear", "fuzzy fuzzy was a bear"), ("fuzzy was a bear", "wuzzy fuzzy was a bear"),
             ("Acme Inc.", "ACME, Incorporated"), ("John Smith", "Smith, John"), ("", "abc"), ("...", "abc"),
             ("New York Mets", "New York Yankees"), ("Müller GmbH", "muller gmbh"), ("a b c", "d e f")]
    pairs = [(a.replace(",", ""), b.replace(",", "")) for a, b in pairs]
    for _ in range(200):
        def phrase():
            n = rng.randint(1, 5)
            out = ""
            for k in range(n):
                w = rng.choice(words)
                if rng.random() < 0.2:
                    w = w.upper()
                elif rng.random() < 0.2:
                    w = typo(w).split()[0]
                out += w + (rng.choice(punct) if k < n - 1 else "")
            return out
        pairs.append((phrase(), phrase()))
    return [(a, b, repr(token_set_ratio(a, b))) for a, b in pairs]


def write(name, header, rows):
    with open(os.path.join(HERE, name), "w", encoding="utf-8", newline="\n") as f:
        f.write(header + "\n")
        for row in rows:
            assert all("," not in field and "\n" not in field for field in row), row
            f.write(",".join(row) + "\n")
    print(f"{name}: {len(rows)} rows")


write("jaro_winkler_reference.csv", "a,b,jaro,jaro_winkler", jaro_rows())
write("edit_distance_reference.csv", "a,b,osa,damerau,levenshtein", edit_rows())
write("phonetic_reference.csv", "name,soundex,nysiis", phonetic_rows())
write("token_set_reference.csv", "a,b,ratio", token_rows())
