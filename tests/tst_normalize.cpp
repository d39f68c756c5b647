#include "normalize/Normalize.h"

#include <QTest>
#include <QVariant>
#include <atomic>
#include <thread>

using namespace Qt::StringLiterals;
using namespace concord;

namespace {

using Rule = Normalized (*)(QStringView, const NormalizeContext&);

const NormalizeContext kUs;

NormalizeContext context(const QString& region, const QString& order = u"MDY"_s, int scale = 0)
{
    NormalizeContext ctx;
    ctx.defaultRegion = region;
    ctx.dateOrder = order;
    ctx.moneyScale = scale;
    return ctx;
}

void columns()
{
    QTest::addColumn<QString>("raw");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("problem"); // a substring of the expected problem; empty = fine
    QTest::addColumn<QString>("region");
    QTest::addColumn<QString>("order");
    QTest::addColumn<int>("scale");
}

// A value that normalizes; the key defaults to the value.
void good(const char* name, const QString& raw, const QString& value, const QString& key = QString(),
          const NormalizeContext& ctx = kUs)
{
    QTest::newRow(name) << raw << value << (key.isNull() ? value : key) << QString() << ctx.defaultRegion
                        << ctx.dateOrder << ctx.moneyScale;
}

// A value that is missing: null or blank.
void blank(const char* name, const QString& raw, const NormalizeContext& ctx = kUs)
{
    QTest::newRow(name) << raw << QString() << QString() << QString() << ctx.defaultRegion << ctx.dateOrder
                        << ctx.moneyScale;
}

// A value that cannot be normalized; `problem` is a substring of the reason.
void bad(const char* name, const QString& raw, const QString& problem, const NormalizeContext& ctx = kUs)
{
    QTest::newRow(name) << raw << QString() << QString() << problem << ctx.defaultRegion << ctx.dateOrder
                        << ctx.moneyScale;
}

// The rows every rule gets: nothing there, white space only, absurdly long input.
void commonRows(const char* longProblem)
{
    blank("null", QString());
    blank("empty", u""_s);
    blank("spaces", u"   "_s);
    blank("tabs, newline, nbsp, zero-width", u"\t\n\u00A0\u200B "_s);
    if (longProblem)
        bad("very long", QString(5000, u'7'), QString::fromLatin1(longProblem));
}

void check(Rule rule)
{
    QFETCH(QString, raw);
    QFETCH(QString, value);
    QFETCH(QString, key);
    QFETCH(QString, problem);
    QFETCH(QString, region);
    QFETCH(QString, order);
    QFETCH(int, scale);
    const NormalizeContext ctx = context(region, order, scale);
    const Normalized n = rule(raw, ctx);
    if (!problem.isEmpty()) {
        QVERIFY2(!n.ok(), qPrintable(u"expected a problem, got value '%1'"_s.arg(n.value)));
        QVERIFY2(n.problem.contains(problem, Qt::CaseInsensitive), qPrintable(n.problem));
        QCOMPARE(n.value, raw.trimmed());
        QCOMPARE(n.key, QString());
        QVERIFY(!n.missing());
        return;
    }
    QCOMPARE(n.problem, QString());
    QCOMPARE(n.value, value);
    QCOMPARE(n.key, key);
    QCOMPARE(n.missing(), value.isEmpty());
    // A canonical value is a fixed point (not with a scale: "12.34" is not in cents).
    if (!n.missing() && scale == 0) {
        const Normalized again = rule(n.value, ctx);
        QCOMPARE(again.value, n.value);
        QCOMPARE(again.key, n.key);
    }
}

} // namespace

class TestNormalize : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void phone_data();
    void phone() { check(&normalizePhone); }
    void email_data();
    void email() { check(&normalizeEmail); }
    void domains_data();
    void domains();
    void personName_data();
    void personName() { check(&normalizePersonName); }
    void company_data();
    void company() { check(&normalizeCompany); }
    void usState_data();
    void usState() { check(&normalizeUsState); }
    void country_data();
    void country() { check(&normalizeCountry); }
    void date_data();
    void date() { check(&normalizeDate); }
    void money_data();
    void money() { check(&normalizeMoney); }
    void number_data();
    void number() { check(&normalizeNumber); }
    void postalCode_data();
    void postalCode() { check(&normalizePostalCode); }
    void bankAccount_data();
    void bankAccount() { check(&normalizeBankAccount); }
    void text_data();
    void text() { check(&normalizeText); }

    void demoFormats_data();
    void demoFormats();

    void ruleDispatch();
    void cacheKeysIncludeContext();
    void cachedReferencesStayValid();
    void sharedAcrossThreads();
    void benchPhone_data();
    void benchPhone();
};

void TestNormalize::phone_data()
{
    columns();
    commonRows("characters long");
    const QString e164 = u"+14155550101"_s, digits = u"14155550101"_s;
    good("parenthesized", u"(415) 555-0101"_s, e164, digits);
    good("dashed", u"415-555-0101"_s, e164, digits);
    good("plus one dashed", u"+1 415-555-0101"_s, e164, digits);
    good("dotted", u"415.555.0101"_s, e164, digits);
    good("e164", u"+14155550101"_s, e164, digits);
    good("spaced", u"415 555 0101"_s, e164, digits);
    good("plain", u"4155550101"_s, e164, digits);
    good("trunk prefix", u"1-415-555-0101"_s, e164, digits);
    good("padded", u"  (415) 555-0101\t"_s, e164, digits);
    good("extension dropped", u"415-555-0101 x123"_s, e164, digits);
    good("fullwidth digits", u"\uFF14\uFF11\uFF15\uFF15\uFF15\uFF15\uFF10\uFF11\uFF10\uFF11"_s, e164, digits);
    good("vanity letters", u"1-800-FLOWERS"_s, u"+18003569377"_s, u"18003569377"_s);
    good("uk international", u"+44 20 7946 0958"_s, u"+442079460958"_s, u"442079460958"_s);
    good("idd from the us", u"011 44 20 7946 0958"_s, u"+442079460958"_s, u"442079460958"_s);
    good("german in DE", u"030 901820"_s, u"+4930901820"_s, u"4930901820"_s, context(u"DE"_s));
    good("no region, international", u"+1 415 555 0101"_s, e164, digits, context(QString()));
    bad("no region, national", u"415-555-0101"_s, u"country code"_s, context(QString()));
    bad("local only", u"555-1234"_s, u"not a valid US phone number: no area code"_s);
    bad("too short", u"123"_s, u"not a valid US phone number: too short"_s);
    bad("too long", u"415-555-0101-2345-6789"_s, u"too long"_s);
    bad("e-mail", u"john@example.com"_s, u"not a number"_s);
    bad("n/a", u"N/A"_s, u"not a number"_s);
    bad("unassigned area code", u"+1 (999) 867-5309"_s, u"not in use"_s);
    bad("bad country code", u"+0 123 456"_s, u"country code"_s);
}

void TestNormalize::email_data()
{
    columns();
    commonRows("characters long");
    good("lower", u"jose.nunez@acmelogistics.com"_s, u"jose.nunez@acmelogistics.com"_s);
    good("capitalized", u"John.Smith@Acme.com"_s, u"john.smith@acme.com"_s);
    good("upper", u"JOHN.SMITH@ACME.COM"_s, u"john.smith@acme.com"_s);
    good("padded", u"  john@acme.com \n"_s, u"john@acme.com"_s);
    good("display name", u"John Smith <John@Acme.com>"_s, u"john@acme.com"_s);
    good("mailto", u"mailto:John@Acme.com"_s, u"john@acme.com"_s);
    good("unicode", u"JOSÉ@CAFÉ.FR"_s, u"josé@café.fr"_s);
    good("plus tag and subdomain", u"a+tag@sub.example.co.uk"_s, u"a+tag@sub.example.co.uk"_s);
    good("apostrophe", u"O'Brien@example.com"_s, u"o'brien@example.com"_s);
    bad("no at", u"john"_s, u"no @"_s);
    bad("phone number", u"(415) 555-0101"_s, u"no @"_s);
    bad("spelled at", u"john(at)acme.com"_s, u"no @"_s);
    bad("nothing after", u"john@"_s, u"nothing after the @"_s);
    bad("nothing before", u"@acme.com"_s, u"nothing before the @"_s);
    bad("two ats", u"john@@acme.com"_s, u"more than one @"_s);
    bad("no dot in domain", u"john@acme"_s, u"has no dot"_s);
    bad("space", u"john smith@acme.com"_s, u"contains a space"_s);
    bad("double dot local", u"john..smith@acme.com"_s, u"misplaced dot before"_s);
    bad("double dot domain", u"john@acme..com"_s, u"misplaced dot in the domain"_s);
    bad("trailing dot", u"john@acme.com."_s, u"misplaced dot in the domain"_s);
    bad("hyphen label", u"john@-acme.com"_s, u"hyphen"_s);
    bad("one-letter tld", u"john@acme.c"_s, u"top-level domain"_s);
    bad("numeric tld", u"john@acme.123"_s, u"top-level domain"_s);
    bad("long local part", QString(65, u'a') + u"@acme.com"_s, u"longer than 64"_s);
    bad("comma", u"john,smith@acme.com"_s, u"not allowed"_s);
}

void TestNormalize::domains_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<bool>("isEmail");
    QTest::addColumn<QString>("domain");
    QTest::newRow("email") << u"John@Acme.COM"_s << true << u"acme.com"_s;
    QTest::newRow("email www") << u"x@www.acme.com"_s << true << u"acme.com"_s;
    QTest::newRow("email bracket") << u"John <john@acme.com>"_s << true << u"acme.com"_s;
    QTest::newRow("email without at") << u"acme.com"_s << true << QString();
    QTest::newRow("email empty") << QString() << true << QString();
    QTest::newRow("url") << u"https://www.Acme.com/about?x=1"_s << false << u"acme.com"_s;
    QTest::newRow("url user port") << u"http://user:pw@acme.com:8080/"_s << false << u"acme.com"_s;
    QTest::newRow("bare host") << u"acme.com"_s << false << u"acme.com"_s;
    QTest::newRow("www trailing dot") << u" www.acme.com. "_s << false << u"acme.com"_s;
    QTest::newRow("scheme-relative") << u"//cdn.acme.com/x.js"_s << false << u"cdn.acme.com"_s;
    QTest::newRow("fragment") << u"acme.co.uk#top"_s << false << u"acme.co.uk"_s;
    QTest::newRow("ipv6") << u"http://[::1]:80/"_s << false << u"[::1]"_s;
    QTest::newRow("url empty") << u""_s << false << QString();
    QTest::newRow("url with space") << u"not a url"_s << false << QString();
}

void TestNormalize::domains()
{
    QFETCH(QString, input);
    QFETCH(bool, isEmail);
    QFETCH(QString, domain);
    QCOMPARE(isEmail ? domainFromEmail(input) : domainFromWebsite(input), domain);
}

void TestNormalize::personName_data()
{
    columns();
    commonRows("characters long");
    good("as written", u"John Smith"_s, u"John Smith"_s, u"john smith"_s);
    good("last, first", u"SMITH, JOHN"_s, u"John Smith"_s, u"john smith"_s);
    good("upper", u"JOHN SMITH"_s, u"John Smith"_s, u"john smith"_s);
    good("lower", u"john smith"_s, u"John Smith"_s, u"john smith"_s);
    good("spaces around comma", u"Smith ,  John"_s, u"John Smith"_s, u"john smith"_s);
    good("folded white space", u"  John \t  Smith  "_s, u"John Smith"_s, u"john smith"_s);
    good("accents", u"José Núñez"_s, u"José Núñez"_s, u"jose nunez"_s);
    good("accents decomposed (NFD)", u"Jose\u0301 Nu\u0301n\u0303ez"_s, u"José Núñez"_s, u"jose nunez"_s);
    good("accents upper", u"NÚÑEZ, JOSÉ"_s, u"José Núñez"_s, u"jose nunez"_s);
    good("ascii-folded upper", u"JOSE NUNEZ"_s, u"Jose Nunez"_s, u"jose nunez"_s);
    good("letters without decomposition", u"SØREN NØRGAARD"_s, u"Søren Nørgaard"_s, u"soren norgaard"_s);
    good("polish and czech", u"ŁUKASZ DVOŘÁK"_s, u"Łukasz Dvořák"_s, u"lukasz dvorak"_s);
    good("apostrophe", u"O'BRIEN, PATRICK"_s, u"Patrick O'Brien"_s, u"patrick obrien"_s);
    good("typographic apostrophe", u"d\u2019angelo"_s, u"D\u2019Angelo"_s, u"dangelo"_s);
    good("mc", u"MCDONALD, MARY"_s, u"Mary McDonald"_s, u"mary mcdonald"_s);
    good("hyphenated", u"ANNE-MARIE O'NEIL"_s, u"Anne-Marie O'Neil"_s, u"anne marie oneil"_s);
    good("particle run", u"JAN VAN DER BERG"_s, u"Jan van der Berg"_s, u"jan van der berg"_s);
    good("particle run first", u"VAN DER BERG"_s, u"Van der Berg"_s, u"van der berg"_s);
    good("lone particle", u"VAN DYKE, JOHN"_s, u"John Van Dyke"_s, u"john van dyke"_s);
    good("spanish particles", u"maria de la cruz"_s, u"Maria de la Cruz"_s, u"maria de la cruz"_s);
    good("mixed case kept", u"DeShawn McAllister"_s, u"DeShawn McAllister"_s, u"deshawn mcallister"_s);
    good("roman numeral", u"JOHN SMITH III"_s, u"John Smith III"_s, u"john smith iii"_s);
    good("suffix after comma", u"Smith, John, Jr."_s, u"John Smith Jr."_s, u"john smith jr"_s);
    good("only a suffix after comma", u"John Smith, Jr."_s, u"John Smith Jr."_s, u"john smith jr"_s);
    good("cjk", u"王伟"_s, u"王伟"_s, u"王伟"_s);
    good("diaeresis", u"ZOË BRONTË"_s, u"Zoë Brontë"_s, u"zoe bronte"_s);
    bad("digits", u"12345"_s, u"contains digits"_s);
    bad("e-mail", u"john@example.com"_s, u"e-mail"_s);
    bad("punctuation only", u"---"_s, u"no letters"_s);
}

void TestNormalize::company_data()
{
    columns();
    commonRows("characters long");
    good("canonical", u"Acme Logistics Inc"_s, u"Acme Logistics Inc"_s, u"acme logistics"_s);
    good("quoting style", u"ACME LOGISTICS, Inc."_s, u"Acme Logistics Inc"_s, u"acme logistics"_s);
    good("accounting style", u"ACME LOGISTICS INC"_s, u"Acme Logistics Inc"_s, u"acme logistics"_s);
    good("lower", u"acme logistics inc"_s, u"Acme Logistics Inc"_s, u"acme logistics"_s);
    good("incorporated", u"Acme Logistics Incorporated"_s, u"Acme Logistics Inc"_s, u"acme logistics"_s);
    good("comma glued", u"Acme,Inc."_s, u"Acme Inc"_s, u"acme"_s);
    good("llc words", u"Blue Ridge Dental Limited Liability Company"_s, u"Blue Ridge Dental LLC"_s,
         u"blue ridge dental"_s);
    good("llc dotted", u"Summit Foods L.L.C."_s, u"Summit Foods LLC"_s, u"summit foods"_s);
    good("corporation", u"Pioneer Supply Corporation"_s, u"Pioneer Supply Corp"_s, u"pioneer supply"_s);
    good("limited", u"Harbor Realty Limited"_s, u"Harbor Realty Ltd"_s, u"harbor realty"_s);
    good("company", u"Granite Media Company"_s, u"Granite Media Co"_s, u"granite media"_s);
    good("co ltd", u"ACME CO., LTD."_s, u"Acme Co Ltd"_s, u"acme"_s);
    good("accents kept", u"Café Luna Bakery Co"_s, u"Café Luna Bakery Co"_s, u"cafe luna bakery"_s);
    good("ampersand", u"Brandt & Söhne GmbH"_s, u"Brandt & Söhne GmbH"_s, u"brandt and sohne"_s);
    good("ascii upper ampersand", u"BRANDT & SOHNE GMBH"_s, u"Brandt & Sohne GmbH"_s, u"brandt and sohne"_s);
    good("hyphen", u"TRI-COUNTY SUPPLY, LLC"_s, u"Tri-County Supply LLC"_s, u"tri county supply"_s);
    good("and co is a name", u"Johnson & Co."_s, u"Johnson & Co"_s, u"johnson and co"_s);
    good("s.a.", u"Nestlé S.A."_s, u"Nestlé SA"_s, u"nestle"_s);
    good("plc", u"Shell plc"_s, u"Shell PLC"_s, u"shell"_s);
    good("pty ltd", u"Koala Pty. Ltd."_s, u"Koala Pty Ltd"_s, u"koala"_s);
    good("gmbh & co kg", u"Acme GmbH & Co. KG"_s, u"Acme GmbH & Co KG"_s, u"acme"_s);
    good("the", u"The Home Depot, Inc."_s, u"The Home Depot Inc"_s, u"home depot"_s);
    good("acronym kept", u"IBM CORP"_s, u"IBM Corp"_s, u"ibm"_s);
    good("vowel-less acronym", u"CVS HEALTH CORP"_s, u"CVS Health Corp"_s, u"cvs health"_s);
    good("small words", u"BANK OF AMERICA CORP"_s, u"Bank of America Corp"_s, u"bank of america"_s);
    good("irish", u"O'REILLY MEDIA INC"_s, u"O'Reilly Media Inc"_s, u"oreilly media"_s);
    good("possessive", u"JOE'S PIZZA LLC"_s, u"Joe's Pizza LLC"_s, u"joes pizza"_s);
    good("only a legal form", u"Inc"_s, u"Inc"_s, u"inc"_s);
    good("no legal form", u"Skyline Labs"_s, u"Skyline Labs"_s, u"skyline labs"_s);
    bad("e-mail", u"sales@acme.com"_s, u"e-mail"_s);
    bad("punctuation only", u"!!! ..."_s, u"no letters"_s);
}

void TestNormalize::usState_data()
{
    columns();
    commonRows("characters long");
    good("code", u"CA"_s, u"CA"_s);
    good("lower code", u" ca "_s, u"CA"_s);
    good("name", u"California"_s, u"CA"_s);
    good("upper name", u"CALIFORNIA"_s, u"CA"_s);
    good("gpo abbreviation", u"Calif."_s, u"CA"_s);
    good("tex", u"Tex."_s, u"TX"_s);
    good("compass initial", u"N. Carolina"_s, u"NC"_s);
    good("full two words", u"north  carolina"_s, u"NC"_s);
    good("dotted code", u"n.c."_s, u"NC"_s);
    good("w. va.", u"W. Va."_s, u"WV"_s);
    good("dc name", u"District of Columbia"_s, u"DC"_s);
    good("washington dc", u"Washington, D.C."_s, u"DC"_s);
    good("washington", u"Washington"_s, u"WA"_s);
    good("state of", u"State of Washington"_s, u"WA"_s);
    good("new york state", u"New York State"_s, u"NY"_s);
    good("territory", u"Puerto Rico"_s, u"PR"_s);
    good("territory code", u"gu"_s, u"GU"_s);
    good("iso 3166-2", u"US-TX"_s, u"TX"_s);
    good("okina", u"Hawai'i"_s, u"HI"_s);
    good("military", u"AE"_s, u"AE"_s);
    bad("canadian province", u"Ontario"_s, u"not a US state"_s);
    bad("unknown code", u"XX"_s, u"not a US state"_s);
    bad("zip code", u"94105"_s, u"not a US state"_s);
    bad("digit inside", u"Cal1fornia"_s, u"not a US state"_s);
}

void TestNormalize::country_data()
{
    columns();
    commonRows("characters long");
    good("alpha-2", u"US"_s, u"US"_s);
    good("alpha-2 lower", u"us"_s, u"US"_s);
    good("alpha-3", u"USA"_s, u"US"_s);
    good("dotted", u"U.S.A."_s, u"US"_s);
    good("u.s.", u"U.S."_s, u"US"_s);
    good("english name", u"United States"_s, u"US"_s);
    good("long name", u"United States of America"_s, u"US"_s);
    good("uk alias", u"UK"_s, u"GB"_s);
    good("great britain", u"Great Britain"_s, u"GB"_s);
    good("united kingdom", u"united kingdom"_s, u"GB"_s);
    good("gbr", u"GBR"_s, u"GB"_s);
    good("deu", u"deu"_s, u"DE"_s);
    good("germany", u"Germany"_s, u"DE"_s);
    good("native german", u"Deutschland"_s, u"DE"_s);
    good("native spanish", u"España"_s, u"ES"_s);
    good("native without accent", u"ESPANA"_s, u"ES"_s);
    good("native japanese", u"日本"_s, u"JP"_s);
    good("apostrophe and accent", u"Côte d’Ivoire"_s, u"CI"_s);
    good("old name", u"Ivory Coast"_s, u"CI"_s);
    good("the netherlands", u"The Netherlands"_s, u"NL"_s);
    good("holland", u"Holland"_s, u"NL"_s);
    good("saint abbreviated", u"St. Lucia"_s, u"LC"_s);
    good("mex", u"MEX"_s, u"MX"_s);
    good("georgia is a country here", u"Georgia"_s, u"GE"_s);
    bad("fiction", u"Atlantis"_s, u"not a country"_s);
    bad("not iso", u"EU"_s, u"not a country"_s);
    bad("number", u"840"_s, u"not a country"_s);
}

void TestNormalize::date_data()
{
    columns();
    commonRows("characters long");
    const QString d = u"2026-05-03"_s;
    good("iso", u"2026-05-03"_s, d);
    good("iso timestamp utc", u"2026-05-03T14:22:10Z"_s, d);
    good("iso timestamp offset", u"2026-05-03T23:30:00-05:00"_s, d);
    good("sql timestamp", u"2026-05-03 14:22:10.123"_s, d);
    good("us date", u"05/03/2026"_s, d);
    good("us date and minutes", u"05/03/2026 14:22"_s, d);
    good("us date am/pm", u"5/3/2026 2:30 PM"_s, d);
    good("two-digit year", u"5/3/26"_s, d);
    good("pivot 68 is 2068", u"5/3/68"_s, u"2068-05-03"_s);
    good("pivot 69 is 1969", u"5/3/69"_s, u"1969-05-03"_s);
    good("compact", u"20260503"_s, d);
    good("compact with time", u"20260503T142210"_s, d);
    good("slashed ymd", u"2026/05/03"_s, d);
    good("dotted ymd", u"2026.5.3"_s, d);
    good("month name first", u"May 3, 2026"_s, d);
    good("ordinal", u"March 5th, 2024"_s, u"2024-03-05"_s);
    good("day month year", u"5 March 2024"_s, u"2024-03-05"_s);
    good("oracle", u"05-MAR-24"_s, u"2024-03-05"_s);
    good("weekday", u"Tuesday, March 5, 2024"_s, u"2024-03-05"_s);
    good("sept", u"Sept 30 2024"_s, u"2024-09-30"_s);
    good("leap day", u"02/29/2024"_s, u"2024-02-29"_s);
    good("dmy", u"05/03/2026"_s, u"2026-03-05"_s, QString(), context(u"US"_s, u"DMY"_s));
    good("dmy dotted", u"3.5.2026"_s, d, QString(), context(u"DE"_s, u"DMY"_s));
    good("ymd two-digit", u"26/05/03"_s, d, QString(), context(u"US"_s, u"YMD"_s));
    good("four-digit year first in any order", u"2026-05-03"_s, d, QString(), context(u"US"_s, u"DMY"_s));
    bad("february 30", u"2024-02-30"_s, u"impossible date: 2024-02-30"_s);
    bad("not a leap year", u"2023-02-29"_s, u"impossible date"_s);
    bad("month 13", u"13/45/2020"_s, u"month 13"_s);
    bad("dmy in mdy system", u"25/12/2024"_s, u"month 25"_s);
    bad("year zero", u"0000-01-01"_s, u"impossible date"_s);
    bad("compact impossible", u"20241301"_s, u"month 13"_s);
    bad("word", u"yesterday"_s, u"not a date"_s);
    bad("amount", u"12.5"_s, u"not a date"_s);
    bad("excel serial", u"45356"_s, u"not a date"_s);
    bad("trailing words", u"2024-01-05 garbage"_s, u"not a date"_s);
    bad("three-digit year", u"5/3/202"_s, u"MDY"_s);
    bad("two month names", u"March May 2024"_s, u"not a date"_s);
    bad("unknown order", u"2026-05-03"_s, u"date order"_s, context(u"US"_s, u"XYZ"_s));
}

void TestNormalize::money_data()
{
    columns();
    commonRows("characters long");
    good("dollars", u"$1,234.50"_s, u"1234.50"_s);
    good("euro european", u"1.234,50 €"_s, u"1234.50"_s);
    good("code prefix", u"USD 12"_s, u"12.00"_s);
    good("code suffix lower", u"12 usd"_s, u"12.00"_s);
    good("us dollar sign", u"US$ 5"_s, u"5.00"_s);
    good("parentheses negative", u"(100.00)"_s, u"-100.00"_s);
    good("parentheses and sign", u"$(1,000)"_s, u"-1000.00"_s);
    good("trailing minus", u"100-"_s, u"-100.00"_s);
    good("minus before sign", u"-$5"_s, u"-5.00"_s);
    good("minus after sign", u"$-5"_s, u"-5.00"_s);
    good("unicode minus", u"\u22125.5"_s, u"-5.50"_s);
    good("one decimal", u"12.5"_s, u"12.50"_s);
    good("whole", u"98500"_s, u"98500.00"_s);
    good("sqlite real", u"18250.75"_s, u"18250.75"_s);
    good("comma thousands", u"1,234"_s, u"1234.00"_s);
    good("single dot is decimal", u"1.234"_s, u"1.23"_s);
    good("decimal comma", u"1,5"_s, u"1.50"_s);
    good("leading zero comma", u"0,125"_s, u"0.13"_s);
    good("french", u"1\u202F234,50"_s, u"1234.50"_s);
    good("swiss", u"1'234.50"_s, u"1234.50"_s);
    good("many groups", u"€ 1.234.567,89"_s, u"1234567.89"_s);
    good("binary float noise", u"0.30000000000000004"_s, u"0.30"_s);
    good("round half away from zero", u"99.995"_s, u"100.00"_s);
    good("negative zero", u"-0.001"_s, u"0.00"_s);
    good("leading point", u".5"_s, u"0.50"_s);
    good("exponent", u"1.5E+3"_s, u"1500.00"_s);
    good("negative exponent", u"1.5e-2"_s, u"0.02"_s);
    good("huge exact", u"12345678901234567890.12"_s, u"12345678901234567890.12"_s);
    good("cents", u"123450"_s, u"1234.50"_s, QString(), context(u"US"_s, u"MDY"_s, 2));
    good("cents negative", u"-5"_s, u"-0.05"_s, QString(), context(u"US"_s, u"MDY"_s, 2));
    bad("word", u"abc"_s, u"no digits"_s);
    bad("sign only", u"$"_s, u"no digits"_s);
    bad("unit", u"12 apples"_s, u"unexpected text 'apples'"_s);
    bad("date", u"2024-01-05"_s, u"not an amount"_s);
    bad("bad groups", u"1,23,4"_s, u"thousands separator"_s);
    bad("two dots", u"1.2.3"_s, u"thousands separator"_s);
    bad("two signs", u"--5"_s, u"more than one sign"_s);
    bad("unbalanced", u"(5"_s, u"unbalanced"_s);
    bad("percent", u"12%"_s, u"unexpected character '%'"_s);
    bad("huge exponent", u"1e999"_s, u"exponent"_s);
}

void TestNormalize::number_data()
{
    columns();
    commonRows("characters long");
    good("grouped", u"1,234.50"_s, u"1234.5"_s);
    good("trailing zeros", u"12.500"_s, u"12.5"_s);
    good("leading zeros", u"007"_s, u"7"_s);
    good("negative zero", u"-0"_s, u"0"_s);
    good("zero decimals", u"-0.000"_s, u"0"_s);
    good("exponent", u"1e3"_s, u"1000"_s);
    good("small exponent", u"1.5e-3"_s, u"0.0015"_s);
    good("exact digits", u"0.30000000000000004"_s, u"0.30000000000000004"_s);
    good("whole", u"98500"_s, u"98500"_s);
    good("european", u"1.234,5"_s, u"1234.5"_s);
    good("parentheses", u"(3)"_s, u"-3"_s);
    good("plus", u"+3"_s, u"3"_s);
    good("trailing point", u"3."_s, u"3"_s);
    good("leading point", u".25"_s, u"0.25"_s);
    good("spaces grouping", u"1 000 000"_s, u"1000000"_s);
    good("scale ignored", u"12"_s, u"12"_s, QString(), context(u"US"_s, u"MDY"_s, 2));
    good("long exact", u"12345678901234567890.123"_s, u"12345678901234567890.123"_s);
    bad("word", u"abc"_s, u"no digits"_s);
    bad("huge exponent", u"1e999"_s, u"exponent"_s);
    bad("percent", u"12%"_s, u"unexpected character"_s);
    bad("arabic-indic digits", u"١٢٣"_s, u"unexpected character"_s);
    bad("bad grouping", u"12 34"_s, u"thousands separator"_s);
    bad("dash inside", u"12-34"_s, u"unexpected character"_s);
}

void TestNormalize::postalCode_data()
{
    columns();
    commonRows("characters long");
    good("zip", u"02110"_s, u"02110"_s);
    good("lost leading zero", u"2110"_s, u"02110"_s);
    good("lost two zeros", u"501"_s, u"00501"_s);
    good("zip+4", u"02110-1234"_s, u"02110"_s);
    good("zip+4 spaced", u"02110 1234"_s, u"02110"_s);
    good("zip+4 run together", u"021101234"_s, u"02110"_s);
    good("padded", u" 94105 "_s, u"94105"_s);
    good("spreadsheet number", u"2110.0"_s, u"02110"_s);
    good("spreadsheet five digits", u"94105.0"_s, u"94105"_s);
    good("germany", u"10115"_s, u"10115"_s, QString(), context(u"DE"_s));
    good("uk", u"sw1a  1aa"_s, u"SW1A 1AA"_s, u"SW1A1AA"_s, context(u"GB"_s));
    good("canada", u"k1a-0b1"_s, u"K1A-0B1"_s, u"K1A0B1"_s, context(u"CA"_s));
    good("no region keeps text", u"AB12"_s, u"AB12"_s, QString(), context(QString()));
    bad("letters", u"ABC"_s, u"not a US ZIP code"_s);
    bad("two digits", u"12"_s, u"2 digits"_s);
    bad("six digits", u"123456"_s, u"6 digits"_s);
    bad("zeros", u"00000"_s, u"00000"_s);
    bad("uk code in us", u"SW1A 1AA"_s, u"not a US ZIP code"_s);
    bad("letter o for zero", u"9410O"_s, u"not a US ZIP code"_s);
    bad("short plus four", u"94105-12"_s, u"not a US ZIP code"_s);
    bad("slash abroad", u"SW1A/1AA"_s, u"unexpected character"_s, context(u"GB"_s));
}

void TestNormalize::bankAccount_data()
{
    columns();
    commonRows("characters long");
    const QString us = u"021000021/4829301845"_s;
    good("canonical", us, us);
    good("spaces and dashes", u" 021000021 / 4829-3018-45 "_s, us);
    good("labels", u"Routing: 021000021 Acct: 4829301845"_s, us);
    good("short labels", u"RTN 021000021, ACCT #4829301845"_s, us);
    good("a/c", u"ABA 021000021 A/C 4829301845"_s, us);
    good("account first", u"Acct 4829301845 Routing 021000021"_s, us);
    good("rt label", u"RT 021000021 ACCT 4829301845"_s, us);
    good("two runs", u"021000021 4829301845"_s, us);
    good("run together", u"0210000214829301845"_s, us);
    good("dash between", u"021000021-4829301845"_s, us);
    good("pipe", u"021000021|4829301845"_s, us);
    good("iban spaced", u"DE89 3704 0044 0532 0130 00"_s, u"DE89370400440532013000"_s);
    good("iban lower", u"de89370400440532013000"_s, u"DE89370400440532013000"_s);
    good("iban letters", u"GB82 WEST 1234 5698 7654 32"_s, u"GB82WEST12345698765432"_s);
    good("iban label", u"IBAN: DE89 3704 0044 0532 0130 00"_s, u"DE89370400440532013000"_s);
    bad("iban check digits", u"DE89 3704 0044 0532 0130 01"_s, u"check digits"_s);
    bad("iban length", u"DE89 3704 0044"_s, u"22 characters"_s);
    bad("iban character", u"DE89 3704 0044 0532 0130 0*"_s, u"unexpected character"_s);
    bad("aba checksum", u"021000022/4829301845"_s, u"ABA checksum"_s);
    bad("short routing", u"12345/4829301845"_s, u"5 digits"_s);
    bad("no account", u"021000021/"_s, u"no account number"_s);
    bad("short account", u"021000021/12"_s, u"account number has 2 digits"_s);
    bad("words", u"hello"_s, u"unexpected text"_s);
    bad("two separators", u"021000021/123/456"_s, u"more than one separator"_s);
    bad("account only", u"4829301845"_s, u"cannot tell"_s);
    bad("e-mail", u"bank@example.com"_s, u"unexpected"_s);
}

void TestNormalize::text_data()
{
    columns();
    commonRows(nullptr);
    good("folded spaces", u"  San  Francisco "_s, u"San Francisco"_s, u"san francisco"_s);
    good("punctuation kept", u"1404 Madison St, Suite 210"_s, u"1404 Madison St, Suite 210"_s,
         u"1404 madison st, suite 210"_s);
    good("accents", u"São Paulo"_s, u"São Paulo"_s, u"sao paulo"_s);
    good("nfd to nfc", u"Sa\u0303o Paulo"_s, u"São Paulo"_s, u"sao paulo"_s);
    good("line breaks", u"line1\r\nline2"_s, u"line1 line2"_s);
    good("zero-width space", u"Ac\u200Bme"_s, u"Acme"_s, u"acme"_s);
    good("nbsp", u"\u00A0x\u00A0"_s, u"x"_s);
    good("upper accents", u"ÅKESSON"_s, u"ÅKESSON"_s, u"akesson"_s);
    good("sharp s", u"Straße"_s, u"Straße"_s, u"strasse"_s);
    good("ligature", u"\uFB01nance"_s, u"\uFB01nance"_s, u"finance"_s);
    good("digits", u"12345"_s, u"12345"_s);
    good("emoji", u"smile 😀"_s, u"smile 😀"_s);
    good("cjk", u"東京都"_s, u"東京都"_s);
    good("control character", u"a\u0001b"_s, u"ab"_s);
    good("very long", QString(5000, u'x'), QString(5000, u'x'));
    good("sql injection", u"'); DROP TABLE t; --"_s, u"'); DROP TABLE t; --"_s, u"'); drop table t; --"_s);
}

// The demo systems' formats (tools/generator/RowFormatter.cpp) normalize to the truth
// file's canonical forms (docs/truth-format.md). Values are built the way the generator
// builds them.
void TestNormalize::demoFormats_data()
{
    QTest::addColumn<QString>("rule");
    QTest::addColumn<QString>("raw");
    QTest::addColumn<QString>("truth");
    QTest::addColumn<bool>("keyOnly"); // the system lost information (ASCII folding): keys match

    const auto add = [](const QString& what, const QString& rule, const QString& raw, const QString& truth,
                        bool keyOnly = false) {
        QTest::newRow(qPrintable(what + u": "_s + raw)) << rule << raw << truth << keyOnly;
    };
    // Phones: every layout of RowFormatter, for ten NANP digits.
    const auto layout = [](const QString& digits, QStringView pattern) {
        QString out;
        qsizetype next = 0;
        for (const QChar c : pattern)
            out.append(c == u'd' ? digits[next++] : c);
        return out;
    };
    for (const QString& digits : {u"4155550101"_s, u"6175550188"_s, u"2125559876"_s, u"9072224444"_s}) {
        for (const QStringView pattern : {u"(ddd) ddd-dddd", u"ddd-ddd-dddd", u"+1 ddd-ddd-dddd",
                                          u"ddd.ddd.dddd", u"+1dddddddddd", u"ddd ddd dddd", u"dddddddddd"})
            add(u"phone"_s, u"phone"_s, layout(digits, pattern), u"+1"_s + digits);
    }
    // Names: CRM as entered, quoting "LAST, FIRST" in capitals, accounting ASCII-folded and
    // sometimes in capitals, marketing first name in lower case and last in capitals.
    const std::pair<QString, QString> people[] = {
        {u"John"_s, u"Smith"_s},    {u"Patrick"_s, u"O'Brien"_s}, {u"Mary"_s, u"McDonald"_s},
        {u"John"_s, u"Van Dyke"_s}, {u"José"_s, u"Núñez"_s},      {u"Søren"_s, u"Nørgaard"_s},
    };
    for (const auto& [first, last] : people) {
        const QString full = first + u' ' + last;
        const bool ascii = full == QString::fromLatin1(full.toLatin1()) && !full.contains(u'ø');
        add(u"crm"_s, u"name"_s, full, full);
        add(u"quoting"_s, u"name"_s, last.toUpper() + u", "_s + first.toUpper(), full);
        add(u"marketing first"_s, u"name"_s, first.toLower(), first);
        add(u"marketing last"_s, u"name"_s, last.toUpper(), last);
        const QString folded = ascii ? full : (first == u"José"_s ? u"Jose Nunez"_s : u"Soren Norgaard"_s);
        add(u"accounting"_s, u"name"_s, folded.toUpper(), full, !ascii);
    }
    // Companies: CompanyNames' four spellings of each legal form.
    const QStringList canonical{u"Inc"_s, u"LLC"_s, u"Corp"_s, u"Ltd"_s, u"Co"_s};
    const QStringList dotted{u"Inc."_s, u"LLC"_s, u"Corp."_s, u"Ltd."_s, u"Co."_s};
    const QStringList expanded{u"Incorporated"_s, u"Limited Liability Company"_s, u"Corporation"_s,
                               u"Limited"_s, u"Company"_s};
    const QStringList bases{u"Acme Logistics"_s,          u"Tri-County Supply"_s,
                            u"Brandt & Söhne Holdings"_s, u"Café Luna Bakery"_s,
                            u"Johnson Bros Trucking"_s,   u"Golden Gate Energy"_s,
                            u"Parker & Sons Wholesale"_s, u"Señor Taco Foods"_s};
    for (const QString& base : bases) {
        const bool ascii = !base.contains(u'ö') && !base.contains(u'é') && !base.contains(u'ñ');
        const QString accountingBase =
            QString(base).replace(u'ö', u'o').replace(u'é', u'e').replace(u'ñ', u'n');
        for (qsizetype s = 0; s < canonical.size(); ++s) {
            const QString truth = base + u' ' + canonical[s];
            add(u"crm company"_s, u"company"_s, truth, truth);
            add(u"quoting company"_s, u"company"_s, base.toUpper() + u", "_s + dotted[s], truth);
            add(u"accounting company"_s, u"company"_s, (accountingBase + u' ' + canonical[s]).toUpper(),
                truth, !ascii);
            add(u"marketing company"_s, u"company"_s, base + u' ' + expanded[s], truth);
        }
    }
    // States: CRM and marketing write names, the others USPS codes.
    for (const auto& [code, name] :
         {std::pair{u"CA"_s, u"California"_s}, std::pair{u"DC"_s, u"District of Columbia"_s},
          std::pair{u"NC"_s, u"North Carolina"_s}, std::pair{u"WV"_s, u"West Virginia"_s}}) {
        add(u"state name"_s, u"state"_s, name, code);
        add(u"state code"_s, u"state"_s, code, code);
    }
    add(u"crm country"_s, u"country"_s, u"United States"_s, u"US"_s);
    add(u"accounting country"_s, u"country"_s, u"US"_s, u"US"_s);
    add(u"crm zip"_s, u"postal_code"_s, u"02110"_s, u"02110"_s);
    add(u"quoting date"_s, u"date"_s, u"05/03/2026"_s, u"2026-05-03"_s);
    add(u"accounting date"_s, u"date"_s, u"2026-04-30"_s, u"2026-04-30"_s);
    add(u"crm version"_s, u"date"_s, u"2026-05-03T14:22:10Z"_s, u"2026-05-03"_s);
    add(u"quoting version"_s, u"date"_s, u"05/03/2026 14:22"_s, u"2026-05-03"_s);
    // Amounts: the quoting tool stores a REAL (cents / 100.0), read back as text; the ledger
    // stores the canonical text.
    for (const qint64 cents :
         {qint64(1825075), qint64(9850000), qint64(123450), qint64(5), qint64(0), qint64(-1200)}) {
        const QString truth = u"%1%2.%3"_s.arg(cents < 0 ? u"-"_s : QString())
                                  .arg(std::abs(cents) / 100)
                                  .arg(std::abs(cents) % 100, 2, 10, QChar(u'0'));
        add(u"quoting amount"_s, u"money"_s, QVariant(double(cents) / 100.0).toString(), truth);
        add(u"accounting amount"_s, u"money"_s, truth, truth);
    }
    add(u"accounting bank"_s, u"bank_account"_s, u"021000021/4829301845"_s, u"021000021/4829301845"_s);
    // E-mail: as entered, "John.Smith@Acme.com" in quoting, capitals in accounting.
    for (const QString& raw : {u"john.smith@acmelogistics.com"_s, u"John.Smith@Acmelogistics.com"_s,
                               u"JOHN.SMITH@ACMELOGISTICS.COM"_s})
        add(u"email"_s, u"email"_s, raw, u"john.smith@acmelogistics.com"_s);
}

void TestNormalize::demoFormats()
{
    QFETCH(QString, rule);
    QFETCH(QString, raw);
    QFETCH(QString, truth);
    QFETCH(bool, keyOnly);
    const Normalized n = Normalizer::apply(rule, raw, kUs);
    QVERIFY2(n.ok(), qPrintable(n.problem));
    const Normalized expected = Normalizer::apply(rule, truth, kUs);
    QVERIFY2(expected.ok(), qPrintable(expected.problem));
    QCOMPARE(expected.value, truth); // the truth is already canonical
    if (!keyOnly)
        QCOMPARE(n.value, truth);
    QCOMPARE(n.key, expected.key);
}

void TestNormalize::ruleDispatch()
{
    const QStringList names = Normalizer::ruleNames();
    QCOMPARE(names, (QStringList{u"text"_s, u"email"_s, u"phone"_s, u"name"_s, u"company"_s, u"state"_s,
                                 u"country"_s, u"date"_s, u"money"_s, u"number"_s, u"postal_code"_s,
                                 u"bank_account"_s}));
    for (const QString& name : names)
        QVERIFY(Normalizer::isKnownRule(name));
    QVERIFY(!Normalizer::isKnownRule(u"Phone"_s));
    QVERIFY(!Normalizer::isKnownRule(QString()));

    Normalizer normalizer;
    QCOMPARE(normalizer.normalize(u"phone"_s, u"(415) 555-0101"_s, kUs),
             normalizePhone(u"(415) 555-0101", kUs));
    QCOMPARE(normalizer.normalize(u"name"_s, u"SMITH, JOHN"_s, kUs).value, u"John Smith"_s);
    QCOMPARE(normalizer.normalize(u"state"_s, u"Calif."_s, kUs).value, u"CA"_s);
    const Normalized unknown = normalizer.normalize(u"colour"_s, u" red "_s, kUs);
    QVERIFY(unknown.problem.contains(u"unknown normalization rule 'colour'"_s));
    QCOMPARE(unknown.value, u"red"_s);
    const Normalized& unknownCached = normalizer.normalizeCached(u"colour"_s, 0, 1, u"red"_s, kUs);
    QVERIFY(unknownCached.problem.contains(u"'colour'"_s));
}

void TestNormalize::cacheKeysIncludeContext()
{
    Normalizer normalizer;
    const NormalizeContext dmy = context(u"US"_s, u"DMY"_s);
    QCOMPARE(normalizer.normalize(u"date"_s, u"05/03/2026"_s, kUs).value, u"2026-05-03"_s);
    QCOMPARE(normalizer.normalize(u"date"_s, u"05/03/2026"_s, dmy).value, u"2026-03-05"_s);
    QCOMPARE(normalizer.normalize(u"date"_s, u"05/03/2026"_s, kUs).value, u"2026-05-03"_s);
    QCOMPARE(normalizer.cachedCount(), 2);
    // The same raw text under another rule is another entry.
    QCOMPARE(normalizer.normalize(u"text"_s, u"05/03/2026"_s, kUs).value, u"05/03/2026"_s);
    QCOMPARE(normalizer.cachedCount(), 3);
    // By id: the caller's (context id, value id) pair is the key.
    QCOMPARE(normalizer.normalizeCached(u"date"_s, 0, 7, u"05/03/2026"_s, kUs).value, u"2026-05-03"_s);
    QCOMPARE(normalizer.normalizeCached(u"date"_s, 1, 7, u"05/03/2026"_s, dmy).value, u"2026-03-05"_s);
    QCOMPARE(normalizer.cachedCount(), 5);
    normalizer.clear();
    QCOMPARE(normalizer.cachedCount(), 0);
}

void TestNormalize::cachedReferencesStayValid()
{
    Normalizer normalizer;
    const Normalized& first = normalizer.normalizeCached(u"phone"_s, 0, 0, u"415-555-0101"_s, kUs);
    const Normalized* address = &first;
    for (quint32 id = 1; id < 20000; ++id)
        normalizer.normalizeCached(u"text"_s, 0, id, QString::number(id), kUs);
    QCOMPARE(&normalizer.normalizeCached(u"phone"_s, 0, 0, u"ignored: cached by id"_s, kUs), address);
    QCOMPARE(address->value, u"+14155550101"_s);
}

void TestNormalize::sharedAcrossThreads()
{
    Normalizer normalizer;
    QStringList raws;
    for (int i = 0; i < 500; ++i)
        raws.append(u"(415) 555-%1"_s.arg(1000 + i));
    std::atomic<int> mismatches{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            for (int round = 0; round < 3; ++round) {
                for (quint32 i = 0; i < quint32(raws.size()); ++i) {
                    const QString expected = u"+1415555"_s + QString::number(1000 + i);
                    if (normalizer.normalize(u"phone"_s, raws[i], kUs).value != expected ||
                        normalizer.normalizeCached(u"phone"_s, 0, i, raws[i], kUs).value != expected)
                        ++mismatches;
                }
            }
        });
    }
    for (std::thread& thread : threads)
        thread.join();
    QCOMPARE(mismatches.load(), 0);
    QCOMPARE(normalizer.cachedCount(), 2 * raws.size());
}

void TestNormalize::benchPhone_data()
{
    QTest::addColumn<int>("mode");
    QTest::newRow("uncached") << 0;
    QTest::newRow("cached by text") << 1;
    QTest::newRow("cached by id") << 2;
}

void TestNormalize::benchPhone()
{
    QFETCH(int, mode);
    QStringList raws;
    for (int i = 0; i < 200; ++i)
        raws.append(u"(415) 555-%1"_s.arg(1000 + i));
    Normalizer normalizer;
    qsizetype valid = 0;
    QBENCHMARK
    {
        for (quint32 i = 0; i < quint32(raws.size()); ++i) {
            const bool ok = mode == 0   ? normalizePhone(raws[i], kUs).ok()
                            : mode == 1 ? normalizer.normalize(u"phone"_s, raws[i], kUs).ok()
                                        : normalizer.normalizeCached(u"phone"_s, 0, i, raws[i], kUs).ok();
            valid += ok ? 1 : 0;
        }
    }
    QVERIFY(valid >= raws.size());
}

QTEST_GUILESS_MAIN(TestNormalize)
#include "tst_normalize.moc"
