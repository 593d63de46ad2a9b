#include "gui/polar_cuts_widget.hpp"

#include "core/tensor/engineering.hpp"
#include "core/tensor/format.hpp"

#include <QFontMetrics>
#include <QPainter>
#include <QPainterPath>

#include <cmath>
#include <numbers>

namespace mf::gui {
namespace {

constexpr int kSamples = 360;
constexpr double kLegendLine = 16.0;  // pixels per legend line
const char* kPlaneNames[3] = {"x1–x2", "x2–x3", "x3–x1"};
const char* kAxisNames[3][2] = {{"x1", "x2"}, {"x2", "x3"}, {"x3", "x1"}};

Vector3 direction(int plane, double theta) {
  const double c = std::cos(theta), s = std::sin(theta);
  switch (plane) {
    case 0: return {c, s, 0.0};
    case 1: return {0.0, c, s};
    default: return {s, 0.0, c};
  }
}

}  // namespace

PolarCutsWidget::PolarCutsWidget(QWidget* parent) : QWidget(parent) {
  setObjectName("polarCuts");
  setAutoFillBackground(true);
  QPalette p = palette();
  p.setColor(QPalette::Window, QColor(28, 30, 34));
  setPalette(p);
}

double PolarCutsWidget::cut(const Stiffness& c, int plane, double theta) {
  return DirectionalYoung(c)(direction(plane, theta));
}

void PolarCutsWidget::setTarget(const std::optional<Stiffness>& c) {
  target_ = c;
  update();
}

void PolarCutsWidget::setCandidate(const std::optional<Stiffness>& c, const QString& name) {
  candidate_ = c;
  name_ = name;
  update();
}

void PolarCutsWidget::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.setRenderHint(QPainter::Antialiasing);
  p.fillRect(rect(), QColor(28, 30, 34));
  std::optional<DirectionalYoung> target, candidate;
  if (target_) target.emplace(*target_);
  if (candidate_) candidate.emplace(*candidate_);
  if (!target && !candidate) {
    p.setPen(QColor(160, 160, 160));
    p.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap, tr("No admissible target and no verified candidate"));
    return;
  }
  // One radial scale for all three plots.
  double max = 0.0;
  for (int plane = 0; plane < 3; ++plane)
    for (int i = 0; i < kSamples; ++i) {
      const Vector3 d = direction(plane, 2.0 * std::numbers::pi * i / kSamples);
      if (target) max = std::max(max, (*target)(d));
      if (candidate) max = std::max(max, (*candidate)(d));
    }
  const double step = roundNumberAtLeast(max / 4.0);  // three to five rings

  const bool vertical = height() >= width();
  const int cells = 3;
  const double legend = 6.0 + kLegendLine * static_cast<double>(legendLines().size());
  const double cellW = vertical ? width() : width() / static_cast<double>(cells);
  const double cellH = vertical ? (height() - legend) / cells : height() - legend;
  const QFont small = [&] {
    QFont f = font();
    f.setPointSizeF(f.pointSizeF() * 0.85);
    return f;
  }();

  for (int plane = 0; plane < 3; ++plane) {
    const QRectF cell = vertical ? QRectF(0, plane * cellH, cellW, cellH) : QRectF(plane * cellW, 0, cellW, cellH);
    const double radius = 0.5 * std::min(cell.width(), cell.height() - 18.0) - 14.0;
    if (radius <= 10.0) continue;
    const QPointF centre(cell.center().x(), cell.top() + 18.0 + 0.5 * (cell.height() - 18.0));
    const double scale = radius / (std::ceil(max / step) * step);

    p.setFont(small);
    p.setPen(QColor(220, 220, 220));
    p.drawText(QRectF(cell.left(), cell.top(), cell.width(), 18), Qt::AlignCenter, tr("%1 plane").arg(kPlaneNames[plane]));
    // Rings and axes.
    p.setPen(QPen(QColor(80, 84, 92), 1));
    // Ring labels along the 60° ray, every other ring, so that they never collide.
    int ring = 0;
    for (double r = step; r * scale <= radius + 0.5; r += step, ++ring) {
      p.drawEllipse(centre, r * scale, r * scale);
      if (ring % 2 == 1 || r + step > max) {
        p.setPen(QColor(130, 134, 142));
        p.drawText(centre + QPointF(0.5 * r * scale + 2, -0.866 * r * scale - 2), QString::number(r, 'g', 3));
        p.setPen(QPen(QColor(80, 84, 92), 1));
      }
    }
    p.drawLine(centre - QPointF(radius, 0), centre + QPointF(radius, 0));
    p.drawLine(centre - QPointF(0, radius), centre + QPointF(0, radius));
    p.setPen(QColor(170, 170, 170));
    p.drawText(centre + QPointF(radius - 12, 14), kAxisNames[plane][0]);
    p.drawText(centre + QPointF(4, -radius + 10), kAxisNames[plane][1]);

    auto curve = [&](const DirectionalYoung& e) {
      QPainterPath path;
      for (int i = 0; i <= kSamples; ++i) {
        const double theta = 2.0 * std::numbers::pi * i / kSamples;
        const double r = e(direction(plane, theta)) * scale;
        const QPointF q = centre + QPointF(r * std::cos(theta), -r * std::sin(theta));
        if (i == 0) path.moveTo(q);
        else path.lineTo(q);
      }
      return path;
    };
    if (candidate) {
      p.setPen(QPen(QColor(72, 193, 140), 2.2));
      p.drawPath(curve(*candidate));
    }
    if (target) {
      p.setPen(QPen(QColor(245, 245, 245), 1.6, Qt::DashLine));
      p.drawPath(curve(*target));
    }
  }
  // Legend: one entry per line, so that a long candidate name never runs out of the widget.
  p.setFont(small);
  const QStringList lines = legendLines();
  double y = height() - 8.0 - kLegendLine * (lines.size() - 1);
  for (int i = 0; i < lines.size(); ++i, y += kLegendLine) {
    const bool isTarget = target && i == 0;
    p.setPen(isTarget ? QPen(QColor(245, 245, 245), 1.6, Qt::DashLine) : QPen(QColor(72, 193, 140), 2.2));
    p.drawLine(QPointF(8, y - 4), QPointF(30, y - 4));
    p.setPen(QColor(220, 220, 220));
    p.drawText(QPointF(34, y), lines[i]);
  }
}

QStringList PolarCutsWidget::legendLines() const {
  QFont f = font();
  f.setPointSizeF(f.pointSizeF() * 0.85);
  const QFontMetrics metrics(f);
  QStringList lines;
  if (target_) lines << tr("target");
  if (candidate_)
    lines << metrics.elidedText(name_.isEmpty() ? tr("candidate") : name_, Qt::ElideRight, std::max(20, width() - 40));
  return lines;
}

}  // namespace mf::gui
