#pragma once
// The three principal-plane cuts of the elastic surface as 2-D polar plots: E(d) for d in the
// x1–x2, x2–x3 and x3–x1 planes. The target is dashed, the candidate solid; all three plots
// share one radial scale so that they compare directly.

#include "core/tensor/stiffness.hpp"

#include <QStringList>
#include <QWidget>

#include <optional>

namespace mf::gui {

class PolarCutsWidget : public QWidget {
  Q_OBJECT

 public:
  explicit PolarCutsWidget(QWidget* parent = nullptr);

  void setTarget(const std::optional<Stiffness>& c);
  void setCandidate(const std::optional<Stiffness>& c, const QString& name = {});
  // E(d) along the cut through `plane` (0: x1–x2, 1: x2–x3, 2: x3–x1) at angle θ from its
  // first axis; exposed for tests.
  static double cut(const Stiffness& c, int plane, double theta);

  // The legend as drawn, one entry per line: "target", and the candidate's name, elided to
  // the widget's width ("gyroid sh…") where it would not fit.
  QStringList legendLines() const;

  QSize sizeHint() const override { return {240, 720}; }
  QSize minimumSizeHint() const override { return {160, 300}; }

 protected:
  void paintEvent(QPaintEvent* event) override;

 private:
  std::optional<Stiffness> target_, candidate_;
  QString name_;
};

}  // namespace mf::gui
