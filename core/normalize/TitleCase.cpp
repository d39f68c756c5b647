#include "TitleCase.h"

#include "TextFolding.h"

namespace concord::normalize_detail {

namespace {

// Upper-cases the first letter at or after `from`; returns the index after it.
qsizetype capitalizeFrom(QString& word, qsizetype from)
{
    for (qsizetype i = from; i < word.size(); ++i) {
        if (word[i].isLetter()) {
            if (!word[i].isSurrogate())
                word[i] = word[i].toTitleCase();
            return i + 1;
        }
        if (word[i].isDigit())
            return i + 1; // "3M", "1st": nothing to capitalise
    }
    return word.size();
}

} // namespace

QString titleCaseWord(QStringView word, TitleCaseStyle style)
{
    QString out = word.toString().toLower();
    bool segmentStart = true;
    qsizetype segmentLetters = 0;
    for (qsizetype i = 0; i < out.size(); ++i) {
        const QChar c = out[i];
        if (c == u'-' || c == u'/' || c == u'(' || c == u'.' || c == u'&') {
            segmentStart = true;
            segmentLetters = 0;
            continue;
        }
        if (isApostrophe(c)) {
            segmentStart = segmentLetters == 1; // O'Brien, but Joe's
            segmentLetters = 0;
            continue;
        }
        if (segmentStart && c.isLetterOrNumber()) {
            capitalizeFrom(out, i);
            segmentStart = false;
            if (style == TitleCaseStyle::Person && out.mid(i, 2) == QStringLiteral("Mc") &&
                i + 2 < out.size() && out[i + 2].isLetter()) {
                out[i + 2] = out[i + 2].toUpper();
                segmentLetters = 3;
                i += 2;
                continue;
            }
        }
        if (c.isLetter())
            ++segmentLetters;
    }
    return out;
}

} // namespace concord::normalize_detail
