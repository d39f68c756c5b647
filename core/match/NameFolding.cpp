#include "NameFolding.h"

#include <QChar>
#include <QString>

namespace concord::detail {
namespace {

// Letters without a canonical decomposition that still have an obvious ASCII spelling.
const char16_t* asciiSpelling(char32_t c)
{
    switch (c) {
    case 0x00DF: // ß
    case 0x1E9E: // ẞ
        return u"ss";
    case 0x00C6: // Æ
    case 0x00E6: // æ
        return u"ae";
    case 0x0152: // Œ
    case 0x0153: // œ
        return u"oe";
    case 0x00D8: // Ø
    case 0x00F8: // ø
        return u"o";
    case 0x0141: // Ł
    case 0x0142: // ł
        return u"l";
    case 0x0110: // Đ
    case 0x0111: // đ
    case 0x00D0: // Ð
    case 0x00F0: // ð
        return u"d";
    case 0x00DE: // Þ
    case 0x00FE: // þ
        return u"th";
    case 0x0131: // dotless ı
        return u"i";
    case 0x0126: // Ħ
    case 0x0127: // ħ
        return u"h";
    case 0x0166: // Ŧ
    case 0x0167: // ŧ
        return u"t";
    default:
        return nullptr;
    }
}

// The folded spelling of one BMP character, at most two units (slow: used to build the table).
QString foldCharacter(char32_t c)
{
    if (c < 0x80) {
        if (c >= u'A' && c <= u'Z')
            return QString(QChar(char16_t(c - u'A' + u'a')));
        if ((c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9'))
            return QString(QChar(char16_t(c)));
        return {};
    }
    if (const char16_t* spelling = asciiSpelling(c))
        return QString::fromUtf16(spelling);
    const QString decomposed = QChar::decomposition(c);
    if (!decomposed.isEmpty()) {
        QString folded;
        for (const QChar part : decomposed)
            folded += foldCharacter(part.unicode());
        return folded.left(2);
    }
    if (QChar::isLetterOrNumber(c))
        return QString(QChar(char16_t(QChar::toCaseFolded(c))));
    return {}; // combining marks, punctuation, symbols, spaces
}

// Precomputed folds for ASCII, Latin-1, Latin Extended-A/B and Latin Extended Additional,
// where nearly all the letters of European names live.
class FoldTable
{
public:
    static constexpr char32_t kLowEnd = 0x0250;
    static constexpr char32_t kHighBegin = 0x1E00;
    static constexpr char32_t kHighEnd = 0x1F00;

    FoldTable()
    {
        for (char32_t c = 0; c < kLowEnd; ++c)
            set(c, foldCharacter(c));
        for (char32_t c = kHighBegin; c < kHighEnd; ++c)
            set(c, foldCharacter(c));
    }

    // nullptr when c is outside the table; otherwise up to two units, 0-terminated.
    const char16_t* lookup(char16_t c) const
    {
        if (c < kLowEnd)
            return m_units[c];
        if (c >= kHighBegin && c < kHighEnd)
            return m_units[kLowEnd + (c - kHighBegin)];
        return nullptr;
    }

private:
    void set(char32_t c, const QString& folded)
    {
        const char32_t slot = c < kLowEnd ? c : kLowEnd + (c - kHighBegin);
        for (qsizetype i = 0; i < 2; ++i)
            m_units[slot][i] = i < folded.size() ? folded.at(i).unicode() : 0;
        m_units[slot][2] = 0;
    }

    char16_t m_units[kLowEnd + (kHighEnd - kHighBegin)][3];
};

const FoldTable& foldTable()
{
    static const FoldTable table;
    return table;
}

} // namespace

void foldName(QStringView name, FoldBuffer& out)
{
    const FoldTable& table = foldTable();
    const qsizetype n = name.size();
    for (qsizetype i = 0; i < n; ++i) {
        const char16_t c = name[i].unicode();
        if (const char16_t* folded = table.lookup(c)) {
            for (; *folded; ++folded)
                out.append(*folded);
        } else if (QChar::isHighSurrogate(c)) {
            if (i + 1 < n && QChar::isLowSurrogate(name[i + 1].unicode())) {
                const char32_t code = QChar::surrogateToUcs4(c, name[i + 1].unicode());
                ++i;
                if (QChar::isLetterOrNumber(code)) {
                    const char32_t lower = QChar::toCaseFolded(code);
                    if (QChar::requiresSurrogates(lower)) {
                        out.append(QChar::highSurrogate(lower));
                        out.append(QChar::lowSurrogate(lower));
                    } else {
                        out.append(char16_t(lower));
                    }
                }
            }
        } else if (!QChar::isSurrogate(c) && QChar::isLetterOrNumber(char32_t(c))) {
            out.append(char16_t(QChar::toCaseFolded(char32_t(c))));
        }
    }
}

} // namespace concord::detail
