#include "Normalize.h"
#include "TextFolding.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace concord {

using namespace normalize_detail;

namespace {

// IBAN lengths of the SEPA countries and the other common registry members. Only these
// countries' IBANs are recognised: a two-letter prefix of any other kind ("RT 021000021")
// is read as a US routing/account pair.
const std::pair<const char16_t*, int> kIbanLengths[] = {
    {u"AD", 24}, {u"AE", 23}, {u"AL", 28}, {u"AT", 20}, {u"AZ", 28}, {u"BA", 20}, {u"BE", 16}, {u"BG", 22},
    {u"BH", 22}, {u"BR", 29}, {u"CH", 21}, {u"CR", 22}, {u"CY", 28}, {u"CZ", 24}, {u"DE", 22}, {u"DK", 18},
    {u"DO", 28}, {u"EE", 20}, {u"ES", 24}, {u"FI", 18}, {u"FO", 18}, {u"FR", 27}, {u"GB", 22}, {u"GE", 22},
    {u"GI", 23}, {u"GL", 18}, {u"GR", 27}, {u"HR", 21}, {u"HU", 28}, {u"IE", 22}, {u"IL", 23}, {u"IS", 26},
    {u"IT", 27}, {u"JO", 30}, {u"KW", 30}, {u"KZ", 20}, {u"LB", 28}, {u"LI", 21}, {u"LT", 20}, {u"LU", 20},
    {u"LV", 21}, {u"MC", 27}, {u"MD", 24}, {u"ME", 22}, {u"MK", 19}, {u"MT", 31}, {u"MU", 30}, {u"NL", 18},
    {u"NO", 15}, {u"PK", 24}, {u"PL", 28}, {u"PS", 29}, {u"PT", 25}, {u"QA", 29}, {u"RO", 24}, {u"RS", 22},
    {u"SA", 24}, {u"SE", 24}, {u"SI", 19}, {u"SK", 24}, {u"SM", 27}, {u"TN", 24}, {u"TR", 26}, {u"UA", 29},
    {u"VA", 22}, {u"VG", 24}, {u"XK", 20},
};

int ibanLength(QStringView country)
{
    for (const auto& [code, length] : kIbanLengths) {
        if (country == QStringView(code))
            return length;
    }
    return 0;
}

// "DE89 3704 0044 0532 0130 00" compacted: a listed country and two check digits.
bool looksLikeIban(const QString& compact)
{
    return compact.size() >= 4 && ibanLength(QStringView(compact).left(2)) > 0 && isAsciiDigit(compact[2]) &&
           isAsciiDigit(compact[3]);
}

Normalized normalizeIban(QStringView raw, const QString& iban)
{
    for (const QChar c : iban) {
        if (!isAsciiLetter(c) && !isAsciiDigit(c))
            return invalid(raw, u"not a valid IBAN: unexpected character '%1'"_s.arg(c));
    }
    const QStringView country = QStringView(iban).left(2);
    const int length = ibanLength(country);
    if (iban.size() != length)
        return invalid(
            raw, u"not a valid IBAN: %1 IBANs have %2 characters, not %3"_s.arg(country).arg(length).arg(
                     iban.size()));
    // ISO 13616: the first four characters move to the end, letters count as 10..35, and
    // the number must leave remainder 1 modulo 97.
    const QString rotated = iban.mid(4) + iban.left(4);
    int remainder = 0;
    for (const QChar c : rotated) {
        const int v = isAsciiDigit(c) ? c.unicode() - u'0' : c.unicode() - u'A' + 10;
        remainder = (v >= 10 ? remainder * 100 : remainder * 10) + v;
        remainder %= 97;
    }
    if (remainder != 1)
        return invalid(raw, u"not a valid IBAN: check digits do not match"_s);
    return valid(iban, iban);
}

// ABA routing number checksum: 3-7-1 weights over the nine digits sum to a multiple of 10.
bool abaChecksumOk(QStringView routing)
{
    static const int kWeights[] = {3, 7, 1, 3, 7, 1, 3, 7, 1};
    int sum = 0;
    for (int i = 0; i < 9; ++i)
        sum += kWeights[i] * (routing[i].unicode() - u'0');
    return sum % 10 == 0;
}

enum class Label
{
    None,
    Routing,
    Account,
};

Label labelOf(QStringView word)
{
    static const QStringView kRouting[] = {u"routing", u"rtn", u"aba", u"rt", u"transit", u"rout", u"rte"};
    static const QStringView kAccount[] = {u"account", u"acct", u"acc", u"ac", u"acnt", u"a/c"};
    for (const QStringView w : kRouting) {
        if (word == w)
            return Label::Routing;
    }
    for (const QStringView w : kAccount) {
        if (word == w)
            return Label::Account;
    }
    return Label::None;
}

bool isFillerWord(QStringView word)
{
    static const QStringView kFiller[] = {u"no",       u"nr",      u"num", u"number", u"bank",
                                          u"checking", u"savings", u"chk", u"sav",    u"id"};
    return std::find(std::begin(kFiller), std::end(kFiller), word) != std::end(kFiller);
}

struct UsAccount
{
    QString routing;
    QString account;
    QString problem;
};

// "021000021/4829301845", "021000021 / 4829-3018-45", "Routing: 021000021 Acct: 4829301845",
// "ABA 021000021, A/C #4829301845", "021000021 4829301845".
UsAccount parseUsAccount(const QString& lower)
{
    UsAccount out;
    QString text = lower;
    text.replace("a/c"_L1, " acct "_L1);
    QString labelled[3];             // digits by the label before them
    QStringList runs;                // digit runs in order, for unlabelled input
    int splits = 0;                  // '/', '|', ';' or ',' between the two numbers
    QString beforeSplit, afterSplit; // digits on each side of the split
    bool anyLabel = false;
    Label current = Label::None;
    bool newRun = true;
    for (qsizetype i = 0; i < text.size();) {
        const QChar c = text[i];
        if (isAsciiDigit(c)) {
            qsizetype j = i;
            while (j < text.size() && isAsciiDigit(text[j]))
                ++j;
            const QStringView digits = QStringView(text).mid(i, j - i);
            labelled[int(current)] += digits;
            (splits == 0 ? beforeSplit : afterSplit) += digits;
            if (newRun || runs.isEmpty())
                runs.append(digits.toString());
            else
                runs.last() += digits;
            newRun = false;
            i = j;
            continue;
        }
        if (c.isLetter()) {
            qsizetype j = i;
            while (j < text.size() && text[j].isLetter())
                ++j;
            const QStringView word = QStringView(text).mid(i, j - i);
            const Label label = labelOf(word);
            if (label != Label::None) {
                current = label;
                anyLabel = true;
            } else if (!isFillerWord(word)) {
                out.problem = u"unexpected text '%1'"_s.arg(word);
                return out;
            }
            newRun = true;
            i = j;
            continue;
        }
        if (QStringView(u"/|;,").contains(c)) {
            ++splits;
            newRun = true;
        } else if (c == u' ' || c == u':' || c == u'#' || c == u'.') {
            newRun = true; // "4829 3018 45" stays three runs; labels or a split join them
        } else if (c != u'-') {
            out.problem = u"unexpected character '%1'"_s.arg(c);
            return out;
        }
        ++i;
    }
    if (anyLabel) {
        out.routing = labelled[int(Label::Routing)];
        out.account = labelled[int(Label::Account)];
        if (out.routing.isEmpty())
            out.routing = labelled[int(Label::None)];
        else if (out.account.isEmpty())
            out.account = labelled[int(Label::None)];
        if (out.account.isEmpty() && out.routing.size() > 9) {
            out.account = out.routing.mid(9);
            out.routing.truncate(9);
        }
    } else if (splits == 1) {
        out.routing = beforeSplit;
        out.account = afterSplit;
    } else if (splits > 1) {
        out.problem = u"more than one separator between routing and account number"_s;
        return out;
    } else if (runs.size() >= 2 && runs[0].size() == 9) {
        out.routing = runs.takeFirst();
        out.account = runs.join(QString());
    } else if (runs.size() == 1 && runs[0].size() >= 13 && abaChecksumOk(runs[0])) {
        // Run together: the first nine digits are a routing number only if they check out.
        out.routing = runs[0].left(9);
        out.account = runs[0].mid(9);
    } else {
        out.problem = u"cannot tell the routing number from the account number"_s;
        return out;
    }
    if (out.routing.isEmpty())
        out.problem = u"no routing number"_s;
    else if (out.account.isEmpty())
        out.problem = u"no account number"_s;
    else if (out.routing.size() != 9)
        out.problem = u"routing number has %1 digits, not 9"_s.arg(out.routing.size());
    else if (!abaChecksumOk(out.routing))
        out.problem = u"routing number %1 fails the ABA checksum"_s.arg(out.routing);
    else if (out.account.size() < 4 || out.account.size() > 17)
        out.problem = u"account number has %1 digits, not 4 to 17"_s.arg(out.account.size());
    return out;
}

} // namespace

Normalized normalizeBankAccount(QStringView raw, const NormalizeContext&)
{
    if (isBlank(raw))
        return missing();
    if (raw.size() > kMaxStructuredLength)
        return invalid(raw, tooLongProblem(raw, "a bank account"));
    const QString text = foldWhitespace(raw);
    QString compact;
    for (const QChar c : text) {
        if (c != u' ' && c != u'-')
            compact.append(c.toUpper());
    }
    if (compact.startsWith("IBAN"_L1))
        compact.remove(0, 4);
    if (compact.startsWith(u':'))
        compact.remove(0, 1);
    if (looksLikeIban(compact))
        return normalizeIban(raw, compact);
    const UsAccount us = parseUsAccount(text.toLower());
    if (!us.problem.isEmpty())
        return invalid(raw, u"not a bank account: "_s + us.problem);
    QString value = us.routing + u'/' + us.account;
    QString key = value;
    return valid(std::move(value), std::move(key));
}

} // namespace concord
