#include "gui/candidate_table_model.hpp"

#include "core/design/metrics.hpp"
#include "core/tensor/format.hpp"
#include "gui/session_model.hpp"
#include "gui/thumbnail_cache.hpp"

#include <QColor>
#include <QIcon>

#include <cmath>
#include <limits>

namespace mf::gui {
namespace {

QString percent(double fraction) { return QString::number(100.0 * fraction, 'f', fraction < 0.1 ? 2 : 1); }

double field(const design::Candidate& c, const std::string& key, double otherwise) {
  const auto it = c.provenance.fields.find(key);
  if (it == c.provenance.fields.end()) return otherwise;
  try {
    return std::stod(it->second);
  } catch (const std::exception&) {
    return otherwise;
  }
}

// How a generated cell's vf came about: thresholded at the target's, then bridged where it
// would fall apart (adds solid), then cleared of islands apart from the main solid (removes it).
QString volumeFractionStory(const design::Candidate& c, double delivered) {
  const QString vf = QObject::tr("Volume fraction of solid: %1").arg(delivered, 0, 'f', 3);
  const double threshold = field(c, "threshold_volume_fraction", -1.0);
  if (c.provenance.kind != "family" || threshold < 0) return vf;
  const double bridged = field(c, "bridged_volume_fraction", 0.0);
  const double removed = field(c, "islands_removed_volume_fraction", 0.0);
  return QObject::tr("%1. The cell was thresholded at the target's vf %2, bridged +%3 where it would have fallen "
                     "apart and cleared of islands −%4 (solid apart from the main piece), so it holds %5 of the "
                     "target's vf.")
      .arg(vf)
      .arg(threshold, 0, 'f', 3)
      .arg(bridged, 0, 'f', 3)
      .arg(removed, 0, 'f', 3)
      .arg(QString::number(100.0 * delivered / threshold, 'f', 1) + " %");
}

}  // namespace

bool CandidateTableModel::cubicTarget() const {
  const auto& t = session_->targetStiffness();
  return !t || design::targetClassOf(*t) == design::TargetClass::Cubic;
}

CandidateTableModel::CandidateTableModel(SessionModel* session, ThumbnailCache* thumbnails, QObject* parent)
    : QAbstractTableModel(parent), session_(session), thumbnails_(thumbnails) {
  connect(session_, &SessionModel::candidatesChanged, this, [this] {
    beginResetModel();
    endResetModel();
  });
  connect(session_, &SessionModel::metricsChanged, this, [this] {
    if (rowCount() > 0) Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
    Q_EMIT headerDataChanged(Qt::Horizontal, Error, Error);  // the target's class names the error
  });
  connect(thumbnails_, &ThumbnailCache::thumbnailReady, this, &CandidateTableModel::refreshRow);
}

int CandidateTableModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : session_->candidateCount(); }
int CandidateTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QString CandidateTableModel::idAt(int row) const {
  return row >= 0 && row < rowCount() ? QString::fromStdString(session_->candidate(row).id) : QString();
}

int CandidateTableModel::rowOf(const QString& id) const { return session_->indexOf(id); }

void CandidateTableModel::setStatus(const QString& id, const QString& status) {
  if (status.isEmpty()) status_.remove(id);
  else status_.insert(id, status);
  refreshRow(id);
}

void CandidateTableModel::refreshRow(const QString& id) {
  const int row = rowOf(id);
  if (row >= 0) Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

QVariant CandidateTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal) return {};
  if (role == Qt::DisplayRole) {
    switch (section) {
      case Name: return tr("Candidate");
      case Error: return cubicTarget() ? tr("Eq. 18 %") : tr("Error %");
      case Deviation: return tr("Max Δ %");
      case Achieved: return session_->unit() ? tr("C11 · C12 · C44 (FE, GPa)") : tr("C11 · C12 · C44 (FE)");
      case VolumeFraction: return tr("vf");
      case Zener: return tr("Zener");
      case Connected: return tr("Connected");
      case Similarity: return tr("Similarity");
      case Source: return tr("Source");
      case Provenance: return tr("Provenance");
      case Status: return tr("FE");
    }
  }
  if (role == Qt::ToolTipRole) {
    switch (section) {
      case Error:
        if (!cubicTarget())
          return tr("The error of this target's class, the benchmarks' figure: %1, fixed for this session. Small even "
                    "where one constant is far off: Max Δ says how far.")
              .arg(QString::fromStdString(session_->metricFor(*session_->targetStiffness()).describe()));
        return tr("Seed 000's Eq. 18, the benchmarks' figure: the mean over C11, C12, C44 of |ΔC| divided by "
                  "that constant's range over %1, fixed for this session. Small even where one constant is far "
                  "off: Max Δ says how far.")
            .arg(QString::fromStdString(session_->ranges().source == "base material"
                                            ? std::string("the base material (0 to the solid's value)")
                                            : "the training data (" + session_->ranges().source + ")"));
      case Deviation:
        return tr("The largest relative error of the constants the target sets (C11, C12, C44 for a cubic "
                  "target; E, ν, G for an engineering one): |achieved − target| / |target|");
      case Achieved: return tr("What the cell achieves, by FE homogenization (normalized by E_s); the tooltip sets it "
                               "beside the target");
      case VolumeFraction: return tr("Volume fraction of solid");
      case Zener: return tr("Zener anisotropy ratio 2·C44 / (C11 − C12) of the homogenized tensor (1: isotropic)");
      case Connected: return tr("One face-connected solid that wraps along x, y and z");
      case Similarity: return tr("Mean shape similarity |S1 ∩ S2| / √(|S1|·|S2|) to the other candidates (Eq. 19)");
      case Status: return tr("FE homogenization: verified, running or failed");
    }
  }
  return {};
}

QVariant CandidateTableModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= rowCount()) return {};
  const design::Candidate& c = session_->candidate(index.row());
  const design::CandidateMetrics& m = session_->metrics(index.row());
  const QString id = QString::fromStdString(c.id);
  constexpr double kLast = std::numeric_limits<double>::max();

  if (role == kIdRole) return id;
  if (role == Qt::DecorationRole && index.column() == Name) return QIcon(thumbnails_->thumbnail(id));
  if (role == Qt::TextAlignmentRole && index.column() >= Error && index.column() <= Similarity)
    return int(Qt::AlignRight | Qt::AlignVCenter);

  switch (index.column()) {
    case Name:
      if (role == Qt::DisplayRole || role == kSortRole) return QString::fromStdString(c.name);
      if (role == Qt::ToolTipRole)
        return tr("%1 · %2 voxels").arg(QString::fromStdString(c.name), QString::fromStdString(describeDims(c.cell.dims())));
      break;
    case Error:
      if (role == Qt::DisplayRole) return m.error ? percent(*m.error) : QString::fromUtf8("—");
      if (role == kSortRole) return m.error ? *m.error : kLast;
      if (role == Qt::ToolTipRole && !m.error)
        return c.homogenized ? tr("the target is not an admissible tensor") : tr("not homogenized yet");
      break;
    case Deviation: {
      const auto worst = design::furthestOff(m.constantErrors);
      if (role == Qt::DisplayRole) return worst ? QString::number(100.0 * std::abs(worst->relative), 'f', 1) : QString::fromUtf8("—");
      if (role == kSortRole) return worst ? std::abs(worst->relative) : kLast;
      if (role == Qt::ToolTipRole && worst) {
        const double scale = session_->displayScale();
        auto value = [scale, this](const design::ConstantError& e) {
          const bool ratio = e.name == "ν";
          return QString::number(ratio ? e.achieved : e.achieved * scale, 'g', 4) + tr(" against ") +
                 QString::number(ratio ? e.target : e.target * scale, 'g', 4);
        };
        QString tip = tr("%1 is furthest off: %2 (%3%4 %)")
                          .arg(QString::fromStdString(worst->name), value(*worst), worst->relative >= 0 ? "+" : "")
                          .arg(100.0 * worst->relative, 0, 'f', 1);
        for (const design::ConstantError& e : m.constantErrors)
          tip += QString("\n%1  %2  (%3%4 %)")
                     .arg(QString::fromStdString(e.name), value(e), e.relative >= 0 ? "+" : "")
                     .arg(100.0 * e.relative, 0, 'f', 1);
        return tip;
      }
      break;
    }
    case Achieved: {
      if (!c.homogenized) {
        if (role == Qt::DisplayRole) return QString::fromUtf8("—");
        if (role == kSortRole) return kLast;
        break;
      }
      auto got = design::cubicParts(c.homogenized->stiffness);
      const double scale = session_->displayScale();
      for (double& v : got) v *= scale;
      const int digits = session_->unit() ? 3 : 4;
      if (role == Qt::DisplayRole)
        return QString::fromUtf8("%1 · %2 · %3").arg(got[0], 0, 'f', digits).arg(got[1], 0, 'f', digits).arg(got[2], 0, 'f', digits);
      if (role == kSortRole) return got[0];
      if (role == Qt::ToolTipRole) {
        const auto& target = session_->targetStiffness();
        QString tip = tr("achieved (FE) against the target:");
        const char* names[3] = {"C11", "C12", "C44"};
        for (int k = 0; k < 3; ++k) {
          tip += QString("\n%1  %2").arg(names[k]).arg(got[static_cast<std::size_t>(k)], 0, 'f', 5);
          if (target) {
            const double want = scale * design::cubicParts(*target)[static_cast<std::size_t>(k)];
            tip += tr("  target %1  (%2%3)").arg(want, 0, 'f', 5).arg(got[static_cast<std::size_t>(k)] >= want ? "+" : "")
                       .arg(got[static_cast<std::size_t>(k)] - want, 0, 'f', 5);
          }
        }
        return tip;
      }
      break;
    }
    case VolumeFraction:
      if (role == Qt::DisplayRole) return QString::number(m.volumeFraction, 'f', 3);
      if (role == kSortRole) return m.volumeFraction;
      if (role == Qt::ToolTipRole) return volumeFractionStory(c, m.volumeFraction);
      break;
    case Zener:
      if (role == Qt::DisplayRole) return m.zener ? QString::number(*m.zener, 'f', 3) : QString::fromUtf8("—");
      if (role == kSortRole) return m.zener ? *m.zener : kLast;
      break;
    case Connected:
      if (role == Qt::DisplayRole) return m.connected ? tr("yes") : tr("no");
      if (role == kSortRole) return m.connected ? 0 : 1;
      if (role == Qt::ForegroundRole && !m.connected) return QColor(198, 40, 40);
      break;
    case Similarity:
      if (role == Qt::DisplayRole) return m.meanSimilarity ? QString::number(*m.meanSimilarity, 'f', 3) : QString::fromUtf8("—");
      if (role == kSortRole) return m.meanSimilarity ? *m.meanSimilarity : kLast;
      if (role == Qt::ToolTipRole && m.maxSimilarity)
        return tr("most similar: %1 (%2)")
            .arg(QString::fromStdString(session_->candidate(m.mostSimilar).name))
            .arg(*m.maxSimilarity, 0, 'f', 3);
      break;
    case Source:
      if (role == Qt::DisplayRole || role == kSortRole) return QString::fromStdString(c.provenance.kind);
      break;
    case Provenance:
      if (role == Qt::DisplayRole || role == kSortRole) return QString::fromStdString(c.provenance.summary());
      if (role == Qt::ToolTipRole) {
        QString tip;
        for (const auto& [k, v] : c.provenance.fields) tip += QString::fromStdString(k + ": " + v) + "\n";
        if (c.homogenized)
          tip += tr("FE: %1 voxels, %2, tolerance %3, %4 iterations, %5 s")
                     .arg(QString::number(c.homogenized->resolution) + QString::fromUtf8("³"))
                     .arg(QString::fromStdString(c.homogenized->backend + " " + c.homogenized->precision))
                     .arg(c.homogenized->tolerance)
                     .arg(c.homogenized->iterations)
                     .arg(c.homogenized->seconds, 0, 'f', 2);
        return tip.trimmed();
      }
      break;
    case Status: {
      const QString running = status_.value(id);
      const QString text = !running.isEmpty() ? running : c.homogenized ? QString::fromUtf8("✔ verified") : tr("not verified");
      if (role == Qt::DisplayRole || role == kSortRole) return text;
      if (role == Qt::ForegroundRole && c.homogenized && running.isEmpty()) return QColor(46, 125, 50);
      break;
    }
  }
  return {};
}

}  // namespace mf::gui
