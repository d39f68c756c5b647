#include "CustomerModel.h"

#include "CivilTime.h"
#include "CompanyNames.h"
#include "Random.h"
#include "Vocabulary.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace concord::gen {

namespace {

// Share of customers each system holds (before drift forces a customer into one).
constexpr double kPresence[kSystemCount] = {0.97, 0.85, 0.70, 0.60};
constexpr double kAccentedNameRate = 0.04;
constexpr double kWorkEmailRate = 0.55;
constexpr qint64 kDay = kSecondsPerDay;
constexpr qint64 kMaxDuplicateDelay = 5000;

QString digits(qint64 value, int width)
{
    char buf[24];
    char* end = buf + sizeof buf;
    char* p = end;
    do {
        *--p = static_cast<char>('0' + value % 10);
        value /= 10;
    } while (value > 0);
    while (end - p < width)
        *--p = '0';
    return QString::fromLatin1(p, end - p);
}

// Letters and digits of a name, folded to ASCII and lower case: "O'Brien" -> "obrien".
QString emailWord(const QString& name)
{
    QString out;
    out.reserve(name.size());
    for (const QChar c : asciiFold(name)) {
        const char16_t u = c.unicode();
        if (u >= u'A' && u <= u'Z')
            out.append(QChar(u + 32));
        else if ((u >= u'a' && u <= u'z') || (u >= u'0' && u <= u'9'))
            out.append(c);
    }
    return out;
}

// A free-mail address carries the customer's number, so two namesakes never share one:
// an address is the stable unique key of a person (docs/truth-format.md), and a generator
// that hands one address to several people tests the generator, not the matcher.
QString makeEmail(Rng& rng, const QString& first, const QString& last, int company, qint64 index)
{
    const QString f = emailWord(first);
    const QString l = emailWord(last);
    QString local;
    switch (rng.index(4)) {
    case 0:
        local = f + u'.' + l;
        break;
    case 1:
        local = f.left(1) + l;
        break;
    case 2:
        local = f + l.left(1);
        break;
    default:
        local = f + u'_' + l;
        break;
    }
    const Vocabulary& v = Vocabulary::instance();
    if (rng.chance(kWorkEmailRate)) {
        if (rng.chance(0.35))
            local += digits(rng.range(1, 999), 0);
        return local + u'@' + CompanyNames::instance().name(company, CompanyNames::Domain);
    }
    local += QString::number(index + 1);
    return local + u'@' + v.freeMailDomains[rng.index(v.freeMailDomains.size())];
}

QString makePhone(Rng& rng, const City& city)
{
    const int area = city.areaCodes[rng.index(city.areaCodes.size())];
    int exchange = 0;
    do { // no N11 service codes, no 555
        exchange = int(rng.range(200, 999));
    } while (exchange % 100 == 11 || exchange == 555);
    return digits(area, 3) + digits(exchange, 3) + digits(rng.range(0, 9999), 4);
}

// A valid ABA routing number (checksum 3-7-1) and an 8 to 12 digit account number.
QString makeBankAccount(Rng& rng)
{
    int d[9];
    const int district = int(rng.range(1, 12)) + (rng.chance(0.3) ? 20 : 0);
    d[0] = district / 10;
    d[1] = district % 10;
    for (int i = 2; i < 8; ++i)
        d[i] = int(rng.range(0, 9));
    const int sum = 3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + (d[2] + d[5]);
    d[8] = (10 - sum % 10) % 10;
    QString routing;
    for (const int digit : d)
        routing.append(QChar(u'0' + digit));
    const int accountDigits = int(rng.range(8, 12));
    QString account = QString(QChar(u'1' + rng.index(9)));
    for (int i = 1; i < accountDigits; ++i)
        account.append(QChar(u'0' + rng.index(10)));
    return routing + u'/' + account;
}

QString makeStreet(Rng& rng)
{
    const Vocabulary& v = Vocabulary::instance();
    QString street = digits(rng.range(1, 9899), 0) + u' ' + v.streetNames[rng.index(v.streetNames.size())] +
                     u' ' + v.streetTypes[rng.index(v.streetTypes.size())];
    if (rng.chance(0.12))
        street += u", Suite "_s + digits(rng.range(100, 999), 0);
    return street;
}

// A plausible keying error: two letters swapped, one dropped or one doubled. Never
// returns the input unchanged and keeps the first letter (people rarely mistype it).
QString typo(Rng& rng, const QString& name)
{
    if (name.size() < 3)
        return name + name.back();
    QString out = name;
    switch (rng.index(3)) {
    case 0: {
        const int pos = 1 + rng.index(name.size() - 2);
        if (out[pos] != out[pos + 1]) {
            std::swap(out[pos], out[pos + 1]);
            return out;
        }
        return out.remove(pos, 1);
    }
    case 1:
        return out.remove(1 + rng.index(name.size() - 1), 1);
    default: {
        const int pos = 1 + rng.index(name.size() - 1);
        return out.insert(pos, out[pos]);
    }
    }
}

template <typename Make, typename Value> Value differentFrom(const Value& current, Make make)
{
    Value candidate = make();
    for (int attempt = 0; attempt < 16 && candidate == current; ++attempt)
        candidate = make();
    return candidate;
}

QString alternativeText(Rng& rng, ContactField field, const Customer& c, const City& city)
{
    const Vocabulary& v = Vocabulary::instance();
    switch (field) {
    case ContactField::LastName:
        return differentFrom(c.truth.lastName,
                             [&] { return v.familyNames[rng.index(v.familyNames.size())]; });
    case ContactField::Email:
        return differentFrom(c.truth.email, [&] {
            return makeEmail(rng, c.truth.firstName, c.truth.lastName, c.truth.company, c.index);
        });
    case ContactField::Phone:
        return differentFrom(c.truth.phone, [&] { return makePhone(rng, city); });
    case ContactField::Company:
    case ContactField::State:
        break;
    }
    return {};
}

int alternativeIndex(Rng& rng, ContactField field, const Customer& c)
{
    if (field == ContactField::Company)
        return differentFrom(c.truth.company, [&] { return rng.index(CompanyNames::instance().count()); });
    const auto states = Vocabulary::instance().states.size();
    return differentFrom(c.truth.state, [&] { return rng.index(states); });
}

// Sets one field of `contact` to a value different from the truth (or to blank).
void setAlternative(Rng& rng, Contact& contact, ContactField field, const Customer& c, const City& city)
{
    switch (field) {
    case ContactField::LastName:
        contact.lastName = alternativeText(rng, field, c, city);
        break;
    case ContactField::Email:
        contact.email = alternativeText(rng, field, c, city);
        break;
    case ContactField::Phone:
        contact.phone = alternativeText(rng, field, c, city);
        break;
    case ContactField::Company:
        contact.company = alternativeIndex(rng, field, c);
        break;
    case ContactField::State:
        contact.state = alternativeIndex(rng, field, c);
        break;
    }
}

void blank(Contact& contact, ContactField field)
{
    switch (field) {
    case ContactField::LastName:
        contact.lastName.clear();
        break;
    case ContactField::Email:
        contact.email.clear();
        break;
    case ContactField::Phone:
        contact.phone.clear();
        break;
    case ContactField::Company:
        contact.company = -1;
        break;
    case ContactField::State:
        contact.state = -1;
        break;
    }
}

// Picks a field from `allowed` not yet in `used` (or returns false).
bool pickField(Rng& rng, std::initializer_list<ContactField> allowed, QList<ContactField>& used,
               ContactField& out)
{
    QList<ContactField> candidates;
    for (const ContactField f : allowed) {
        if (!used.contains(f))
            candidates.append(f);
    }
    if (candidates.isEmpty())
        return false;
    out = candidates[rng.index(candidates.size())];
    used.append(out);
    return true;
}

int countPresent(const Customer& c)
{
    return int(std::count(c.present.begin(), c.present.end(), true));
}

void addRandomSystem(Rng& rng, Customer& c)
{
    QList<int> absent;
    for (int s = 0; s < kSystemCount; ++s) {
        if (!c.present[s] && !(c.ghost && s == Crm))
            absent.append(s);
    }
    if (!absent.isEmpty())
        c.present[absent[rng.index(absent.size())]] = true;
}

} // namespace

QStringView driftKindName(DriftKind kind)
{
    switch (kind) {
    case DriftKind::Stale:
        return u"stale";
    case DriftKind::Conflict:
        return u"conflict";
    case DriftKind::Duplicate:
        return u"duplicate";
    case DriftKind::Ghost:
        return u"ghost";
    case DriftKind::Partial:
        return u"partial";
    case DriftKind::Anomaly:
        return u"anomaly";
    case DriftKind::BankChange:
        return u"bank_change";
    }
    return {};
}

QStringView contactFieldName(ContactField field)
{
    switch (field) {
    case ContactField::LastName:
        return field::lastName;
    case ContactField::Email:
        return field::email;
    case ContactField::Phone:
        return field::phone;
    case ContactField::Company:
        return field::company;
    case ContactField::State:
        return field::state;
    }
    return {};
}

QString customerId(qint64 index)
{
    return u'C' + digits(index + 1, 7);
}

Customer makeCustomer(quint64 seed, qint64 index, const DriftProfile& drift)
{
    const Vocabulary& v = Vocabulary::instance();
    Rng rng(seed, quint64(index));
    Customer c;
    c.index = index;
    c.id = customerId(index);

    // Who the customer is.
    int givenIndex = -1;
    if (rng.chance(kAccentedNameRate)) {
        c.truth.firstName = v.accentedGivenNames[rng.index(v.accentedGivenNames.size())].name;
    } else {
        givenIndex = rng.index(v.givenNames.size());
        c.truth.firstName = v.givenNames[givenIndex].name;
    }
    c.truth.lastName = rng.chance(kAccentedNameRate)
                           ? v.accentedFamilyNames[rng.index(v.accentedFamilyNames.size())]
                           : v.familyNames[rng.index(v.familyNames.size())];
    const City& city = v.cities[rng.index(v.cities.size())];
    c.truth.state = city.state;
    c.city = city.name;
    c.street = makeStreet(rng);
    c.postalCode = digits(qint64(city.zipPrefix) * 100 + rng.range(0, 99), 5);
    c.truth.phone = makePhone(rng, city);
    c.truth.company = rng.index(CompanyNames::instance().count());
    c.truth.email = makeEmail(rng, c.truth.firstName, c.truth.lastName, c.truth.company, index);
    c.creditLimitCents = rng.range(2, 200) * 500 * 100;
    c.balanceCents = rng.chance(0.2) ? 0 : rng.range(0, c.creditLimitCents * 9 / 10);
    c.quoteCents =
        rng.range(500, 5000) * (qint64(1) << rng.below(6)) * 100 + (rng.chance(0.5) ? rng.range(1, 99) : 0);
    c.bankAccount = makeBankAccount(rng);
    c.leadSource = rng.index(v.leadSources.size());
    c.salesRep = rng.index(v.salesReps.size());
    c.paymentTerms = rng.index(v.paymentTerms.size());
    c.lifecycleStage = rng.index(v.lifecycleStages.size());
    c.styles.quotingName = rng.chance(0.4) ? 1 : 0;
    c.styles.quotingEmail = rng.chance(0.2) ? 1 : 0;
    c.styles.accountingName = rng.chance(0.25) ? 1 : 0;
    c.styles.accountingEmail = rng.chance(0.15) ? 1 : 0;
    c.styles.marketingName = rng.chance(0.85) ? 0 : (rng.chance(0.66) ? 1 : 2);
    c.styles.marketingPhone = rng.index(3);
    c.styles.marketingCompany = rng.index(2);
    c.styles.marketingState = rng.chance(0.6) ? 0 : 1;

    // Where the customer lives, and which drift it carries. Every draw happens whatever
    // the outcome so that the stream stays aligned.
    for (int s = 0; s < kSystemCount; ++s)
        c.present[s] = rng.chance(kPresence[s]);
    const bool ghost = rng.chance(drift.ghost);
    const bool stale = rng.chance(drift.stale);
    const bool conflict = rng.chance(drift.conflict);
    const bool partial = rng.chance(drift.partial);
    const bool anomaly = rng.chance(drift.anomaly);
    const bool bankChange = rng.chance(drift.bankChange);
    const bool duplicate = rng.chance(drift.duplicate);

    c.ghost = ghost;
    if (ghost) {
        // Deleted in the CRM; the ledger still carries the account.
        c.present[Crm] = false;
        c.present[Accounting] = true;
        c.marks.append({Crm, DriftKind::Ghost, {}, false, true});
    }
    const bool valueDrift = !ghost;
    const int roles = valueDrift ? (stale ? 1 : 0) + (conflict ? 2 : 0) + (partial ? 1 : 0) : 0;
    if (valueDrift && anomaly && !c.present[Quoting] && !c.present[Accounting])
        c.present[rng.chance(0.5) ? Quoting : Accounting] = true;
    if (valueDrift && bankChange)
        c.present[Accounting] = true;
    const int minimum = roles == 0 ? 1 : std::max(roles, 2);
    while (countPresent(c) < minimum)
        addRandomSystem(rng, c);

    // Every system starts from the truth, last synchronised around the same time.
    const qint64 base = kNowSeconds - rng.range(10 * kDay, 730 * kDay);
    for (int s = 0; s < kSystemCount; ++s) {
        c.view[s] = c.truth;
        c.updatedAt[s] = base + rng.range(0, 3 * kDay);
    }

    // Distinct systems for the roles: conflict A and B, stale S, partial P.
    QList<int> order;
    for (int s = 0; s < kSystemCount; ++s) {
        if (c.present[s])
            order.append(s);
    }
    for (qsizetype i = order.size() - 1; i > 0; --i)
        std::swap(order[i], order[rng.index(i + 1)]);
    qsizetype next = 0;
    QList<ContactField> used;
    qint64 conflictStart = 0;

    if (valueDrift && conflict) {
        const int a = order[next++];
        const int b = order[next++];
        ContactField f{};
        pickField(rng,
                  {ContactField::LastName, ContactField::Email, ContactField::Phone, ContactField::Company},
                  used, f);
        // The truth is b's value (the later edit); a made another recent edit; the
        // remaining systems still hold the value from before both edits.
        Contact older = c.truth;
        setAlternative(rng, older, f, c, city);
        Contact rival = c.truth;
        do {
            setAlternative(rng, rival, f, c, city);
        } while (rival.lastName == older.lastName && rival.email == older.email &&
                 rival.phone == older.phone && rival.company == older.company && rival.state == older.state);
        for (int s = 0; s < kSystemCount; ++s) {
            if (s != a && s != b)
                c.view[s] = older;
        }
        c.view[a] = rival;
        conflictStart = kNowSeconds - rng.range(kDay, 5 * kDay);
        c.updatedAt[a] = conflictStart;
        c.updatedAt[b] = std::min(conflictStart + rng.range(3600, 2 * kDay), kNowSeconds - 60);
        const QStringView name = contactFieldName(f);
        c.marks.append({a, DriftKind::Conflict, name});
        c.marks.append({b, DriftKind::Conflict, name});
    }
    if (valueDrift && stale) {
        const int s = order[next++];
        ContactField f{};
        // A stale state in the CRM would need a stale street and city too.
        if (s == Crm)
            pickField(
                rng,
                {ContactField::LastName, ContactField::Email, ContactField::Phone, ContactField::Company},
                used, f);
        else
            pickField(rng,
                      {ContactField::LastName, ContactField::Email, ContactField::Phone,
                       ContactField::Company, ContactField::State},
                      used, f);
        setAlternative(rng, c.view[s], f, c, city);
        c.updatedAt[s] = base - rng.range(30 * kDay, 500 * kDay);
        c.marks.append({s, DriftKind::Stale, contactFieldName(f)});
    }
    if (valueDrift && partial) {
        const int s = order[next++];
        ContactField f{};
        pickField(rng, {ContactField::Email, ContactField::Phone, ContactField::Company, ContactField::State},
                  used, f);
        blank(c.view[s], f);
        // Recent, but before a conflict's edits so that "latest edit wins" stays the truth there.
        c.updatedAt[s] = conflictStart != 0 ? conflictStart - rng.range(3600, 3 * kDay)
                                            : kNowSeconds - rng.range(1800, 6 * kDay);
        c.marks.append({s, DriftKind::Partial, contactFieldName(f)});
    }
    if (valueDrift && anomaly) {
        int s = c.present[Quoting] && c.present[Accounting] ? (rng.chance(0.5) ? Quoting : Accounting)
                                                            : (c.present[Quoting] ? Quoting : Accounting);
        c.amountDividedBy100[s] = true;
        c.marks.append({s, DriftKind::Anomaly, s == Quoting ? field::lastQuoteAmount : field::creditLimit});
    }
    if (valueDrift && bankChange) {
        const bool hasRole =
            std::find(order.begin(), order.begin() + next, int(Accounting)) != order.begin() + next;
        if (!hasRole) {
            const qint64 latest = conflictStart != 0 ? conflictStart - 60 : kNowSeconds;
            c.updatedAt[Accounting] = latest - rng.range(3600, 14 * kDay);
        }
        c.bankAccount = differentFrom(c.bankAccount, [&] { return makeBankAccount(rng); });
        c.marks.append({Accounting, DriftKind::BankChange, field::bankAccount});
    }

    // Dates that follow the rows' timestamps.
    c.quoteDay = daysOf(c.updatedAt[Quoting]) - rng.range(0, 45);
    c.invoiceDay = daysOf(c.updatedAt[Accounting]) - rng.range(0, 60);

    if (duplicate) {
        // Weighted towards the systems where people type records in by hand.
        static const int kWeights[kSystemCount] = {4, 2, 1, 3};
        int total = 0;
        for (int s = 0; s < kSystemCount; ++s)
            total += c.present[s] ? kWeights[s] : 0;
        int ticket = rng.index(total);
        int system = 0;
        for (int s = 0; s < kSystemCount; ++s) {
            if (!c.present[s])
                continue;
            if (ticket < kWeights[s]) {
                system = s;
                break;
            }
            ticket -= kWeights[s];
        }
        DuplicateRow& d = c.duplicate;
        d.system = system;
        d.contact = c.view[system];
        d.variant = static_cast<DuplicateVariant>(rng.index(5));
        if (d.variant == DuplicateVariant::Nickname &&
            (givenIndex < 0 || v.givenNames[givenIndex].nickname.isEmpty()))
            d.variant = DuplicateVariant::Typo;
        switch (d.variant) {
        case DuplicateVariant::Typo:
            if (rng.chance(0.5))
                d.contact.firstName = typo(rng, d.contact.firstName);
            else
                d.contact.lastName = typo(rng, d.contact.lastName);
            break;
        case DuplicateVariant::Nickname:
            d.contact.firstName = v.givenNames[givenIndex].nickname;
            break;
        case DuplicateVariant::SwappedNames:
            std::swap(d.contact.firstName, d.contact.lastName);
            break;
        case DuplicateVariant::MissingEmail:
            d.contact.email.clear();
            break;
        case DuplicateVariant::PhoneFormat:
            break; // same number, the system's other way of writing it
        }
        d.updatedAt = c.updatedAt[system] - rng.range(60 * kDay, 900 * kDay);
        d.delay = rng.range(0, kMaxDuplicateDelay - 1);
        d.quoteCents = rng.range(500, 5000) * 100;
        d.quoteDay = daysOf(d.updatedAt) - rng.range(0, 45);
        d.invoiceDay = daysOf(d.updatedAt) - rng.range(0, 60);
        c.marks.append({system, DriftKind::Duplicate, {}, true});
    }
    return c;
}

} // namespace concord::gen
