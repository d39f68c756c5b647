#include "Normalize.h"
#include "TextFolding.h"

using namespace Qt::StringLiterals;

namespace concord {

using namespace normalize_detail;

namespace {

// Characters RFC 5322 allows unquoted in a local part ("dot-atom"), plus any non-ASCII
// letter (RFC 6531 internationalised addresses). Quoted local parts are not accepted:
// no customer system stores them on purpose.
bool isLocalChar(QChar c)
{
    if (c.unicode() >= 0x80)
        return c.isLetterOrNumber() || c.isMark();
    if (isAsciiLetter(c) || isAsciiDigit(c))
        return true;
    return QStringView(u"!#$%&'*+-/=?^_`{|}~").contains(c);
}

bool isDomainChar(QChar c)
{
    if (c.unicode() >= 0x80)
        return c.isLetterOrNumber() || c.isMark();
    return isAsciiLetter(c) || isAsciiDigit(c) || c == u'-';
}

// Why `address` (already lower case, no spaces around) is not an address; empty if it is.
QString addressProblem(QStringView address)
{
    const qsizetype at = address.lastIndexOf(u'@');
    if (at < 0)
        return u"no @"_s;
    if (address.indexOf(u'@') != at)
        return u"more than one @"_s;
    const QStringView local = address.left(at);
    const QStringView domain = address.mid(at + 1);
    if (local.isEmpty())
        return u"nothing before the @"_s;
    if (domain.isEmpty())
        return u"nothing after the @"_s;
    if (local.size() > 64)
        return u"the part before the @ is longer than 64 characters"_s;
    if (address.size() > 254)
        return u"longer than 254 characters"_s;
    for (const QChar c : address) {
        if (c.isSpace())
            return u"contains a space"_s;
    }
    if (local.startsWith(u'.') || local.endsWith(u'.') || local.contains(u".."))
        return u"misplaced dot before the @"_s;
    for (const QChar c : local) {
        if (c != u'.' && !isLocalChar(c))
            return u"character '%1' not allowed before the @"_s.arg(c);
    }
    const QList<QStringView> labels = domain.split(u'.');
    if (labels.size() < 2)
        return u"the domain '%1' has no dot"_s.arg(domain);
    for (const QStringView label : labels) {
        if (label.isEmpty())
            return u"misplaced dot in the domain"_s;
        if (label.startsWith(u'-') || label.endsWith(u'-'))
            return u"domain label '%1' starts or ends with a hyphen"_s.arg(label);
        for (const QChar c : label) {
            if (!isDomainChar(c))
                return u"character '%1' not allowed in the domain"_s.arg(c);
        }
    }
    const QStringView tld = labels.last();
    if (tld.size() < 2 || isAsciiDigit(tld.front()))
        return u"the top-level domain '%1' is not valid"_s.arg(tld);
    return QString();
}

QString hostWithoutWww(QString host)
{
    while (host.endsWith(u'.'))
        host.chop(1);
    if (host.startsWith("www."_L1) && host.size() > 4)
        host.remove(0, 4);
    return host;
}

} // namespace

Normalized normalizeEmail(QStringView raw, const NormalizeContext&)
{
    if (isBlank(raw))
        return missing();
    if (raw.size() > kMaxStructuredLength)
        return invalid(raw, tooLongProblem(raw, "an e-mail address"));
    QString text = cleanText(raw);
    // "John Smith <john@acme.com>": the address between the angle brackets.
    const qsizetype open = text.lastIndexOf(u'<');
    if (open >= 0 && text.endsWith(u'>'))
        text = text.mid(open + 1, text.size() - open - 2).trimmed();
    if (text.startsWith("mailto:"_L1, Qt::CaseInsensitive))
        text = text.mid(7).trimmed();
    const QString address = text.toLower();
    const QString problem = addressProblem(address);
    if (!problem.isEmpty())
        return invalid(raw, u"not an e-mail address: "_s + problem);
    return valid(address, address);
}

QString domainFromEmail(QStringView email)
{
    const QStringView text = email.trimmed();
    const qsizetype at = text.lastIndexOf(u'@');
    if (at < 0)
        return QString();
    QStringView domain = text.mid(at + 1);
    if (domain.endsWith(u'>'))
        domain.chop(1);
    return hostWithoutWww(domain.trimmed().toString().toLower());
}

QString domainFromWebsite(QStringView url)
{
    QStringView text = url.trimmed();
    const qsizetype scheme = text.indexOf("://"_L1);
    if (scheme >= 0)
        text = text.mid(scheme + 3);
    else if (text.startsWith("//"_L1))
        text = text.mid(2);
    // The authority ends at the path, query or fragment.
    qsizetype end = text.size();
    for (const QChar stop : {u'/', u'?', u'#', u'\\'}) {
        const qsizetype i = text.indexOf(stop);
        if (i >= 0 && i < end)
            end = i;
    }
    text = text.left(end);
    const qsizetype at = text.lastIndexOf(u'@');
    if (at >= 0)
        text = text.mid(at + 1);
    if (text.startsWith(u'[')) // IPv6 literal: keep the brackets, drop a port
        return text.left(text.indexOf(u']') + 1).toString().toLower();
    const qsizetype colon = text.indexOf(u':');
    if (colon >= 0)
        text = text.left(colon);
    for (const QChar c : text) {
        if (c.isSpace())
            return QString();
    }
    return hostWithoutWww(text.toString().toLower());
}

} // namespace concord
