#include "gui/compare_view.hpp"

#include "core/tensor/format.hpp"
#include "gui/session_model.hpp"
#include "gui/surface_cache.hpp"
#include "render/elastic_surface_scene.hpp"
#include "render/microstructure_scene.hpp"
#include "render/vtk_viewport.hpp"

#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

#include <vtkCamera.h>
#include <vtkPolyData.h>
#include <vtkRenderer.h>

#include <algorithm>
#include <cmath>

namespace mf::gui {

struct CompareView::Pane {
  QWidget* host = nullptr;
  QLabel* caption = nullptr;
  render::VtkViewport* viewport = nullptr;
  std::unique_ptr<render::ElasticSurfaceScene> elastic;
  std::unique_ptr<render::MicrostructureScene> micro;
  QString id;
};

CompareView::CompareView(SessionModel* session, SurfaceCache* surfaces, QWidget* parent)
    : QWidget(parent), session_(session), surfaces_(surfaces) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(2);
  auto* bar = new QHBoxLayout;
  bar->setContentsMargins(6, 2, 6, 2);
  bar->addWidget(new QLabel(tr("Show"), this));
  modeCombo_ = new QComboBox(this);
  modeCombo_->setObjectName("compareModeCombo");
  modeCombo_->addItem(tr("Elastic surfaces (shared colour scale)"));
  modeCombo_->addItem(tr("Microstructures"));
  bar->addWidget(modeCombo_);
  bar->addStretch(1);
  hint_ = new QLabel(this);
  hint_->setObjectName("compareHint");
  hint_->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
  hint_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
  bar->addWidget(hint_);
  layout->addLayout(bar);
  gridHost_ = new QWidget(this);
  grid_ = new QGridLayout(gridHost_);
  grid_->setContentsMargins(0, 0, 0, 0);
  grid_->setSpacing(3);
  layout->addWidget(gridHost_, 1);

  connect(modeCombo_, &QComboBox::currentIndexChanged, this, [this] {
    // A cell is a unit cube, an elastic surface a tenth of that: the view that framed one sits
    // inside the other. A new mode is a new picture, framed afresh.
    refreshContent();
    resetCameras();
  });
  connect(session_, &SessionModel::candidateUpdated, this, &CompareView::refreshContent);
  connect(session_, &SessionModel::metricsChanged, this, &CompareView::refreshContent);
  connect(session_, &SessionModel::candidatesChanged, this, [this] {
    QStringList alive;
    for (const QString& id : ids_)
      if (session_->indexOf(id) >= 0) alive << id;
    if (alive != ids_) setCandidates(alive);
  });
  connect(surfaces_, &SurfaceCache::ready, this, [this](const QString& id) {
    if (!ids_.contains(id) || mode() != Mode::Microstructure) return;
    refreshContent();
    refitUnlessMoved();  // the first surfaces arrive after the panes were framed empty
  });
  setCandidates({});
}

CompareView::~CompareView() = default;

render::VtkViewport* CompareView::pane(int i) const {
  return i >= 0 && i < paneCount() ? panes_[static_cast<std::size_t>(i)]->viewport : nullptr;
}

void CompareView::setMode(Mode mode) { modeCombo_->setCurrentIndex(mode == Mode::ElasticSurface ? 0 : 1); }
CompareView::Mode CompareView::mode() const {
  return modeCombo_->currentIndex() == 0 ? Mode::ElasticSurface : Mode::Microstructure;
}

bool CompareView::setCandidates(const QStringList& ids) {
  ids_ = ids.mid(0, kMaxPanes);
  rebuild();
  if (ids_.size() < 2) {
    hint_->setText(tr("Select 2 to 4 candidates and press Space (Compare)"));
    return false;
  }
  hint_->setText(tr("%1 candidates · cameras linked").arg(ids_.size()));
  return true;
}

void CompareView::rebuild() {
  for (auto& p : panes_) {
    p->elastic.reset();
    p->micro.reset();
    p->host->deleteLater();
  }
  panes_.clear();
  camera_ = nullptr;
  const int n = static_cast<int>(ids_.size());
  if (n < 2) return;
  const int columns = n <= 2 ? 2 : 2;
  for (int i = 0; i < n; ++i) {
    auto pane = std::make_unique<Pane>();
    pane->id = ids_[i];
    pane->host = new QWidget(gridHost_);
    auto* v = new QVBoxLayout(pane->host);
    v->setContentsMargins(0, 0, 0, 0);
    v->setSpacing(1);
    pane->caption = new QLabel(pane->host);
    pane->caption->setContentsMargins(6, 0, 6, 0);
    pane->caption->setWordWrap(true);  // a narrow pane takes two lines rather than cutting the numbers
    v->addWidget(pane->caption);
    pane->viewport = new render::VtkViewport(pane->host);
    pane->viewport->setObjectName(QString("comparePane%1").arg(i));
    v->addWidget(pane->viewport, 1);
    grid_->addWidget(pane->host, i / columns, i % columns);
    pane->elastic = std::make_unique<render::ElasticSurfaceScene>(pane->viewport->renderer());
    pane->micro = std::make_unique<render::MicrostructureScene>(pane->viewport->renderer());
    // One camera for all: the first pane's.
    if (!camera_) camera_ = pane->viewport->renderer()->GetActiveCamera();
    else pane->viewport->renderer()->SetActiveCamera(camera_);
    panes_.push_back(std::move(pane));
  }
  for (auto& p : panes_) {
    render::VtkViewport* self = p->viewport;
    connect(self, &render::VtkViewport::cameraInteraction, this, [this, self] {
      userMoved_ = true;
      for (auto& other : panes_)
        if (other->viewport != self) other->viewport->requestRender();
    });
  }
  refreshContent();
  resetCameras();
}

bool CompareView::unionBounds(double bounds[6]) const {
  bool any = false;
  for (const auto& p : panes_) {
    double b[6];
    p->viewport->renderer()->ComputeVisiblePropBounds(b);
    if (!(b[0] <= b[1])) continue;  // nothing visible yet
    for (int k = 0; k < 3; ++k) {
      bounds[2 * k] = any ? std::min(bounds[2 * k], b[2 * k]) : b[2 * k];
      bounds[2 * k + 1] = any ? std::max(bounds[2 * k + 1], b[2 * k + 1]) : b[2 * k + 1];
    }
    any = true;
  }
  return any;
}

void CompareView::resetCameras() {
  if (panes_.empty()) return;
  // Cells fill their box to its corners; elastic surfaces leave the corners empty.
  for (auto& p : panes_) p->viewport->setFitZoom(mode() == Mode::Microstructure ? 0.95 : 1.15);
  double bounds[6];
  if (unionBounds(bounds)) panes_.front()->viewport->resetCamera(bounds);
  else panes_.front()->viewport->resetCamera();
  // One camera, but every pane shows it: each must repaint.
  for (auto& p : panes_) p->viewport->requestRender();
  userMoved_ = false;
}

void CompareView::refitUnlessMoved() {
  if (!userMoved_) resetCameras();
}

void CompareView::refreshContent() {
  if (panes_.empty()) return;
  const bool elastic = mode() == Mode::ElasticSurface;
  shared_.reset();
  for (auto& p : panes_) {
    const design::Candidate* c = session_->candidateById(p->id);
    const int index = session_->indexOf(p->id);
    if (!c) continue;
    std::optional<Stiffness> stiffness;
    if (c->homogenized && c->homogenized->stiffness.admissibility().ok()) stiffness = c->homogenized->stiffness;
    p->elastic->setTarget(elastic ? session_->targetStiffness() : std::nullopt);
    p->elastic->setCandidate(elastic ? stiffness : std::nullopt);
    if (elastic && stiffness) {
      const double lo = p->elastic->minModulus(), hi = p->elastic->maxModulus();
      shared_ = shared_ ? std::pair{std::min(shared_->first, lo), std::max(shared_->second, hi)} : std::pair{lo, hi};
    }
    const long long budget = render::kDisplayTriangleBudget / static_cast<long long>(panes_.size());
    const auto surface = elastic ? nullptr : surfaces_->find(p->id, 0, budget);
    if (!elastic && !surface) surfaces_->request(p->id, 0, budget);
    p->micro->setSurface(surface, 1.0);
    const auto& m = session_->metrics(index);
    const auto worst = design::furthestOff(m.constantErrors);
    const bool cubic = !session_->targetStiffness() || design::targetClassOf(*session_->targetStiffness()) == design::TargetClass::Cubic;
    p->caption->setText(QString("<b>%1</b> · %6 %2%3 · vf %4%5")
                            .arg(QString::fromStdString(c->name))
                            .arg(m.error ? QString::number(100.0 * *m.error, 'f', 2) + " %" : QString::fromUtf8("—"))
                            .arg(worst ? tr(" · max Δ %1 % (%2)")
                                             .arg(100.0 * std::abs(worst->relative), 0, 'f', 1)
                                             .arg(QString::fromStdString(worst->name))
                                       : QString())
                            .arg(m.volumeFraction, 0, 'f', 3)
                            .arg(stiffness || !elastic ? QString() : tr(" · not verified"))
                            .arg(cubic ? tr("Eq. 18") : tr("error")));
    p->caption->setToolTip(tr("Error: %1; max Δ: the target's constant furthest off")
                               .arg(QString::fromStdString(session_->errorDescription())));
  }
  for (auto& p : panes_) {
    p->elastic->setSharedRange(shared_);
    p->viewport->requestRender();
  }
}

}  // namespace mf::gui
