// Closeness of numbers and dates (curves documented in Comparators.h).
#include "Comparators.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>

namespace concord {
namespace {

// Relative difference at which numeric closeness halves.
constexpr double kNumericHalving = 0.05;
// Days apart at which the date-distance score halves, and its value for one day apart.
constexpr double kDateHalvingDays = 30.0;
constexpr double kDateDistanceCeiling = 0.75;

constexpr double kDayMonthSwapped = 0.9;
constexpr double kDayOrMonthDigit = 0.85;
constexpr double kAdjacentDigitsSwapped = 0.8;
constexpr double kYearDigit = 0.7;

// yyyyMMdd as eight digits; only for years 0..9999.
using Digits = std::array<int, 8>;

Digits digitsOf(QDate date)
{
    Digits digits{};
    int year = date.year();
    for (int i = 3; i >= 0; --i, year /= 10)
        digits[std::size_t(i)] = year % 10;
    digits[4] = date.month() / 10;
    digits[5] = date.month() % 10;
    digits[6] = date.day() / 10;
    digits[7] = date.day() % 10;
    return digits;
}

// The component (0 year, 1 month, 2 day) a digit position belongs to.
int componentOf(int position)
{
    return position < 4 ? 0 : (position < 6 ? 1 : 2);
}

// Scores for keying slips: one wrong digit, or two adjacent digits of a component swapped.
double typoScore(QDate a, QDate b)
{
    if (a.year() < 0 || a.year() > 9999 || b.year() < 0 || b.year() > 9999)
        return 0.0;
    const Digits da = digitsOf(a);
    const Digits db = digitsOf(b);
    int differing[8];
    int count = 0;
    for (int i = 0; i < 8; ++i) {
        if (da[std::size_t(i)] != db[std::size_t(i)])
            differing[count++] = i;
    }
    if (count == 1)
        return componentOf(differing[0]) == 0 ? kYearDigit : kDayOrMonthDigit;
    if (count == 2) {
        const int i = differing[0];
        const int j = differing[1];
        if (j == i + 1 && componentOf(i) == componentOf(j) && da[std::size_t(i)] == db[std::size_t(j)] &&
            da[std::size_t(j)] == db[std::size_t(i)])
            return kAdjacentDigitsSwapped;
    }
    return 0.0;
}

} // namespace

double numericCloseness(double a, double b)
{
    if (std::isnan(a) || std::isnan(b))
        return 0.0;
    if (a == b)
        return 1.0;
    if (std::isinf(a) || std::isinf(b))
        return 0.0;
    const double relative = std::abs(a - b) / std::max(std::abs(a), std::abs(b));
    return std::exp2(-relative / kNumericHalving);
}

double dateCloseness(QDate a, QDate b)
{
    if (!a.isValid() || !b.isValid())
        return 0.0;
    if (a == b)
        return 1.0;
    double score = kDateDistanceCeiling * std::exp2(-double(std::abs(a.daysTo(b))) / kDateHalvingDays);
    if (a.year() == b.year() && a.month() == b.day() && a.day() == b.month())
        score = std::max(score, kDayMonthSwapped);
    return std::max(score, typoScore(a, b));
}

} // namespace concord
