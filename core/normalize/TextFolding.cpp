#include "TextFolding.h"

using namespace Qt::StringLiterals;

namespace concord::normalize_detail {

namespace {

bool isInvisible(QChar c)
{
    switch (c.unicode()) {
    case 0x00AD: // soft hyphen
    case 0x200B: // zero-width space
    case 0x2060: // word joiner
    case 0xFEFF: // byte-order mark / zero-width no-break space
        return true;
    default:
        return false;
    }
}

// Letters that NFKD leaves alone although readers treat them as a base letter.
QStringView specialFold(char16_t c)
{
    switch (c) {
    case u'ø':
        return u"o";
    case u'Ø':
        return u"O";
    case u'ł':
        return u"l";
    case u'Ł':
        return u"L";
    case u'ß':
        return u"ss";
    case u'ẞ':
        return u"SS";
    case u'æ':
        return u"ae";
    case u'Æ':
        return u"AE";
    case u'œ':
        return u"oe";
    case u'Œ':
        return u"OE";
    case u'đ':
        return u"d";
    case u'Đ':
        return u"D";
    case u'ð':
        return u"d";
    case u'Ð':
        return u"D";
    case u'þ':
        return u"th";
    case u'Þ':
        return u"TH";
    case u'ı':
        return u"i";
    case u'ħ':
        return u"h";
    case u'Ħ':
        return u"H";
    default:
        return {};
    }
}

} // namespace

bool isApostrophe(QChar c)
{
    switch (c.unicode()) {
    case u'\'':
    case 0x2019: // right single quotation mark, what word processors type
    case 0x2018:
    case 0x02BC: // modifier letter apostrophe
    case u'`':
    case 0x00B4: // acute accent used as an apostrophe
        return true;
    default:
        return false;
    }
}

bool isBlank(QStringView raw)
{
    for (const QChar c : raw) {
        if (!c.isSpace() && !isInvisible(c) && c.category() != QChar::Other_Control)
            return false;
    }
    return true;
}

QString foldWhitespace(QStringView raw)
{
    QString out;
    out.reserve(raw.size());
    bool pendingSpace = false;
    for (const QChar c : raw) {
        if (c.isSpace()) {
            pendingSpace = !out.isEmpty();
            continue;
        }
        if (isInvisible(c) || c.category() == QChar::Other_Control)
            continue;
        if (pendingSpace) {
            out.append(u' ');
            pendingSpace = false;
        }
        out.append(c);
    }
    return out;
}

QString cleanText(QStringView raw)
{
    return foldWhitespace(raw).normalized(QString::NormalizationForm_C);
}

QString removeDiacritics(QStringView text)
{
    bool ascii = true;
    for (const QChar c : text) {
        if (c.unicode() >= 0x80) {
            ascii = false;
            break;
        }
    }
    if (ascii)
        return text.toString();
    const QString decomposed = text.toString().normalized(QString::NormalizationForm_KD);
    QString out;
    out.reserve(decomposed.size());
    for (const QChar c : decomposed) {
        const QChar::Category category = c.category();
        if (category == QChar::Mark_NonSpacing || category == QChar::Mark_Enclosing)
            continue;
        const QStringView special = specialFold(c.unicode());
        if (!special.isEmpty())
            out.append(special);
        else
            out.append(c);
    }
    return out;
}

QString foldCase(QStringView text)
{
    return removeDiacritics(text).toCaseFolded();
}

QString matchKey(QStringView text)
{
    const QString folded = foldCase(text);
    QString out;
    out.reserve(folded.size());
    bool pendingSpace = false;
    for (const QChar c : folded) {
        if (c.isLetterOrNumber() || c.isMark()) {
            if (pendingSpace && !out.isEmpty())
                out.append(u' ');
            pendingSpace = false;
            out.append(c);
        } else if (!isApostrophe(c) && c != u'.') {
            pendingSpace = true;
        }
    }
    return out;
}

QString capitalized(QStringView word)
{
    QString out = word.toString().toLower();
    for (qsizetype i = 0; i < out.size(); ++i) {
        if (out[i].isLetter()) {
            if (out[i].isLowSurrogate() || out[i].isHighSurrogate())
                break; // non-BMP letters are rarely cased; leave them
            out[i] = out[i].toTitleCase();
            break;
        }
    }
    return out;
}

bool isAllUpper(QStringView text)
{
    bool any = false;
    for (const QChar c : text) {
        if (c.isLower())
            return false;
        any = any || c.isUpper();
    }
    return any;
}

bool isAllLower(QStringView text)
{
    bool any = false;
    for (const QChar c : text) {
        if (c.isUpper() || c.isTitleCase())
            return false;
        any = any || c.isLower();
    }
    return any;
}

Normalized invalid(QStringView raw, QString problem)
{
    return {raw.trimmed().toString(), QString(), std::move(problem)};
}

QString tooLongProblem(QStringView raw, const char* what)
{
    return u"not %1: %2 characters long"_s.arg(QLatin1StringView(what)).arg(raw.size());
}

} // namespace concord::normalize_detail
