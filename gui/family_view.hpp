#pragma once
// The Family tab (seed 000 §3.3): two candidates as ends, the length and the guidance, and
// Interpolate (a job; core/design/family_interpolation does the work). The members show as a
// strip of mid-plane sections with their vf, K/K_HS and the face similarity to the previous one,
// and as a trajectory in property space: K/K_HS against vf, with the HS bound (1) and the 0.86
// line a graded part asks of every member, and C11, C12, C44 member by member. The selected
// member shows in the tab's own 3D view; any member can join the candidates, and the whole family
// exports as one graded bar.

#include "core/design/family_interpolation.hpp"

#include <QPointF>
#include <QWidget>

#include <array>
#include <memory>
#include <vector>

class QCheckBox;
class QLabel;
class QListWidget;
class QPushButton;
class QSpinBox;

namespace mf::render {
class MicrostructureScene;
class VtkViewport;
}  // namespace mf::render

namespace mf::gui {

class SessionModel;

// K/K_HS against vf: the members joined in order, the HS bound and the 0.86 line.
class FamilyTrajectoryPlot : public QWidget {
  Q_OBJECT

 public:
  explicit FamilyTrajectoryPlot(QWidget* parent = nullptr);
  void setPoints(std::vector<QPointF> vfAndBulkRatio);
  int pointCount() const { return static_cast<int>(points_.size()); }
  QSize sizeHint() const override { return {440, 260}; }

 protected:
  void paintEvent(QPaintEvent* event) override;

 private:
  std::vector<QPointF> points_;
};

// C11, C12 and C44 of each member against its index: how the stiffness travels from end to end.
class FamilyConstantsPlot : public QWidget {
  Q_OBJECT

 public:
  explicit FamilyConstantsPlot(QWidget* parent = nullptr);
  // Per member, its (C11, C12, C44); members without an FE result are left out by the caller.
  void setConstants(std::vector<std::array<double, 3>> constants);
  int memberCount() const { return static_cast<int>(constants_.size()); }
  QSize sizeHint() const override { return {440, 260}; }

 protected:
  void paintEvent(QPaintEvent* event) override;

 private:
  std::vector<std::array<double, 3>> constants_;
};

class FamilyView : public QWidget {
  Q_OBJECT

 public:
  explicit FamilyView(SessionModel* session, QWidget* parent = nullptr);
  ~FamilyView() override;

  // Shows a family made by the job the Interpolate button asks for.
  void setFamily(design::InterpolatedFamily family);
  const design::InterpolatedFamily& family() const { return family_; }

  QListWidget* strip() const { return strip_; }
  FamilyTrajectoryPlot* plot() const { return plot_; }
  FamilyConstantsPlot* constantsPlot() const { return constantsPlot_; }
  QPushButton* interpolateButton() const { return interpolate_; }
  QPushButton* addMemberButton() const { return addMember_; }
  QPushButton* exportBarButton() const { return exportBar_; }
  render::VtkViewport* preview() const { return preview_; }
  // The member in the 3D view (-1: none).
  int shownMember() const { return shownMember_; }
  QSpinBox* membersBox() const { return members_; }
  QCheckBox* guidedBox() const { return guided_; }
  QPushButton* datasetEndButton() const { return datasetEnd_; }
  // The ends: the first two selected candidates, taken when the user presses "Use selected".
  void useSelection();
  // The ends as given (ids of candidates in the session); unknown ids clear that end.
  void setEnds(const QString& startId, const QString& endId);
  QString startId() const { return startId_; }
  QString endId() const { return endId_; }

 Q_SIGNALS:
  void interpolateRequested(const QString& startId, const QString& endId, int members, bool guided);
  void addMemberRequested(int member);
  void exportBarRequested();
  // Sample `index` of the bundled dataset as the end, the current candidate as the start.
  void datasetEndRequested(int index);

 private:
  void updateEnds();
  void showMember(int member);

  SessionModel* session_;
  QString startId_, endId_;
  QLabel* ends_;
  QSpinBox* members_;
  QCheckBox* guided_;
  QPushButton* useSelected_;
  QPushButton* datasetEnd_;
  QPushButton* interpolate_;
  QPushButton* addMember_;
  QPushButton* exportBar_;
  render::VtkViewport* preview_;
  std::unique_ptr<render::MicrostructureScene> previewScene_;
  int shownMember_ = -1;
  QListWidget* strip_;
  FamilyTrajectoryPlot* plot_;
  FamilyConstantsPlot* constantsPlot_;
  QLabel* summary_;
  design::InterpolatedFamily family_;
};

}  // namespace mf::gui
