#include "core/voxel/measures.hpp"

#include <bit>

#include <cmath>
#include <stdexcept>

namespace mf {
namespace {

// Eq. 19 from the counts: |S1 ∩ S2| / √(|S1|·|S2|); two empty sets are identical, one empty set
// is disjoint from anything.
double similarityOfCounts(long long both, long long na, long long nb) {
  if (na == 0 && nb == 0) return 1.0;
  if (na == 0 || nb == 0) return 0.0;
  return static_cast<double>(both) / std::sqrt(static_cast<double>(na) * static_cast<double>(nb));
}

}  // namespace

std::array<bool, 6> solidOnFaces(const BinaryCell& c) {
  std::array<bool, 6> f{};
  for (int k = 0; k < c.nz(); ++k)
    for (int j = 0; j < c.ny(); ++j)
      for (int i = 0; i < c.nx(); ++i) {
        if (!c(i, j, k)) continue;
        if (i == 0) f[0] = true;
        if (i == c.nx() - 1) f[1] = true;
        if (j == 0) f[2] = true;
        if (j == c.ny() - 1) f[3] = true;
        if (k == 0) f[4] = true;
        if (k == c.nz() - 1) f[5] = true;
      }
  return f;
}

bool touchesAllFaces(const BinaryCell& cell) {
  for (bool b : solidOnFaces(cell))
    if (!b) return false;
  return true;
}

double faceSimilarity(const BinaryCell& left, const BinaryCell& right) {
  if (left.ny() != right.ny() || left.nz() != right.nz() || left.nx() < 1 || right.nx() < 1)
    throw std::invalid_argument("faceSimilarity: the cells' x faces differ (" + describeDims(left.dims()) + " and " +
                                describeDims(right.dims()) + ")");
  long long na = 0, nb = 0, both = 0;
  for (int k = 0; k < left.nz(); ++k)
    for (int j = 0; j < left.ny(); ++j) {
      const bool x = left(left.nx() - 1, j, k) != 0, y = right(0, j, k) != 0;
      na += x;
      nb += y;
      both += x && y;
    }
  return similarityOfCounts(both, na, nb);
}

double shapeSimilarity(const BinaryCell& a, const BinaryCell& b) {
  if (a.dims() != b.dims())
    throw std::invalid_argument("shapeSimilarity: cells have different sizes (" +
                                describeDims(a.dims()) + " and " + describeDims(b.dims()) + ")");
  long long na = 0, nb = 0, both = 0;
  for (std::size_t n = 0; n < a.size(); ++n) {
    const bool x = a[n] != 0, y = b[n] != 0;
    na += x;
    nb += y;
    both += x && y;
  }
  return similarityOfCounts(both, na, nb);
}

PackedCell::PackedCell(const BinaryCell& cell) : dims_(cell.dims()), words_((cell.size() + 63) / 64, 0) {
  for (std::size_t v = 0; v < cell.size(); ++v)
    if (cell[v]) words_[v / 64] |= std::uint64_t{1} << (v % 64), ++count_;
}

double PackedCell::similarity(const PackedCell& o) const {
  if (dims_ != o.dims_)
    throw std::invalid_argument("shapeSimilarity: cells have different sizes (" + describeDims(dims_) + " and " +
                                describeDims(o.dims_) + ")");
  if (count_ == 0 || o.count_ == 0) return count_ == o.count_ ? 1.0 : 0.0;
  std::int64_t both = 0;
  for (std::size_t w = 0; w < words_.size(); ++w) both += std::popcount(words_[w] & o.words_[w]);
  return similarityOfCounts(both, count_, o.count_);
}

}  // namespace mf
