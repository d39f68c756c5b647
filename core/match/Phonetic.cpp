// Phonetic keys for blocking: Soundex and NYSIIS over the ASCII-folded letters of a name.
#include "Comparators.h"
#include "NameFolding.h"

#include <QVarLengthArray>
#include <cstring>

namespace concord {
namespace {

using Letters = QVarLengthArray<char, 128>;

// The name's Latin letters, ASCII upper case (José Núñez -> JOSENUNEZ).
Letters upperLetters(QStringView name)
{
    detail::FoldBuffer folded;
    detail::foldName(name, folded);
    Letters letters;
    for (const char16_t c : folded) {
        if (c >= u'a' && c <= u'z')
            letters.append(char(c - u'a' + 'A'));
    }
    return letters;
}

// Soundex digit of an upper-case letter; 0 for vowels, H, W and Y.
char soundexDigit(char c)
{
    //                           ABCDEFGHIJKLMNOPQRSTUVWXYZ
    static const char codes[] = "01230120022455012623010202";
    const char digit = codes[c - 'A'];
    return digit == '0' ? 0 : digit;
}

bool isVowel(char c)
{
    return c == 'A' || c == 'E' || c == 'I' || c == 'O' || c == 'U';
}

bool startsWith(const Letters& s, const char* prefix)
{
    qsizetype i = 0;
    for (; prefix[i]; ++i) {
        if (i >= s.size() || s[i] != prefix[i])
            return false;
    }
    return true;
}

bool endsWith(const Letters& s, const char* suffix)
{
    const qsizetype n = qsizetype(std::strlen(suffix));
    return s.size() >= n && std::memcmp(s.data() + s.size() - n, suffix, std::size_t(n)) == 0;
}

void replacePrefix(Letters& s, qsizetype length, const char* replacement)
{
    Letters out;
    for (const char* r = replacement; *r; ++r)
        out.append(*r);
    out.append(s.data() + length, s.size() - length);
    s = out;
}

} // namespace

QString soundex(QStringView name)
{
    const Letters s = upperLetters(name);
    if (s.isEmpty())
        return {};
    char code[4] = {s[0], '0', '0', '0'};
    int count = 1;
    char last = soundexDigit(s[0]);
    for (qsizetype i = 1; i < s.size() && count < 4; ++i) {
        const char digit = soundexDigit(s[i]);
        if (digit) {
            if (digit != last)
                code[count++] = digit;
            last = digit;
        } else if (s[i] != 'H' && s[i] != 'W') {
            last = 0; // a vowel separates equal codes; H and W do not
        }
    }
    return QString::fromLatin1(code, 4);
}

QString nysiis(QStringView name)
{
    Letters s = upperLetters(name);
    if (s.isEmpty())
        return {};

    // Step 1: prefixes.
    if (startsWith(s, "MAC"))
        replacePrefix(s, 3, "MCC");
    else if (startsWith(s, "KN"))
        replacePrefix(s, 2, "N");
    else if (startsWith(s, "K"))
        replacePrefix(s, 1, "C");
    else if (startsWith(s, "PH") || startsWith(s, "PF"))
        replacePrefix(s, 2, "FF");
    else if (startsWith(s, "SCH"))
        replacePrefix(s, 3, "SSS");

    // Step 2: suffixes.
    if (endsWith(s, "IE") || endsWith(s, "EE")) {
        s.resize(s.size() - 2);
        s.append('Y');
    } else if (endsWith(s, "DT") || endsWith(s, "RT") || endsWith(s, "RD") || endsWith(s, "NT") ||
               endsWith(s, "ND")) {
        s.resize(s.size() - 2);
        s.append('D');
    }

    // Steps 3 and 4: the first letter as is, the rest translated; a translation is appended
    // unless it ends with the letter the key already ends with. Context is read from the
    // untranslated name.
    Letters key;
    key.append(s[0]);
    const qsizetype n = s.size();
    for (qsizetype i = 1; i < n; ++i) {
        const char c = s[i];
        char translated[2] = {c, 0};
        qsizetype length = 1;
        if (c == 'E' && i + 1 < n && s[i + 1] == 'V') {
            translated[0] = 'A';
            translated[1] = 'F';
            length = 2;
            ++i;
        } else if (isVowel(c)) {
            translated[0] = 'A';
        } else if (c == 'Q') {
            translated[0] = 'G';
        } else if (c == 'Z') {
            translated[0] = 'S';
        } else if (c == 'M') {
            translated[0] = 'N';
        } else if (c == 'K') {
            translated[0] = (i + 1 < n && s[i + 1] == 'N') ? 'N' : 'C';
        } else if (c == 'S' && i + 2 < n && s[i + 1] == 'C' && s[i + 2] == 'H') {
            translated[0] = translated[1] = 'S';
            length = 2;
            i += 2;
        } else if (c == 'P' && i + 1 < n && s[i + 1] == 'H') {
            translated[0] = 'F';
            ++i;
        } else if (c == 'H' && (!isVowel(s[i - 1]) || i + 1 == n || !isVowel(s[i + 1]))) {
            translated[0] = isVowel(s[i - 1]) ? 'A' : s[i - 1];
        } else if (c == 'W' && isVowel(s[i - 1])) {
            translated[0] = s[i - 1];
        }
        if (translated[length - 1] != key.back())
            key.append(translated, length);
    }

    // Steps 5 to 7: trailing S, AY -> Y, trailing A.
    if (key.size() > 1 && key.back() == 'S')
        key.removeLast();
    if (key.size() >= 2 && key[key.size() - 2] == 'A' && key.back() == 'Y') {
        key.resize(key.size() - 2);
        key.append('Y');
    }
    if (key.size() > 1 && key.back() == 'A')
        key.removeLast();
    return QString::fromLatin1(key.data(), key.size());
}

} // namespace concord
