#include "gui/elastic_surface_view.hpp"

#include "gui/polar_cuts_widget.hpp"
#include "gui/session_model.hpp"
#include "render/elastic_surface_scene.hpp"
#include "render/vtk_viewport.hpp"

#include <QLabel>
#include <QSplitter>
#include <QVBoxLayout>

namespace mf::gui {

ElasticSurfaceView::ElasticSurfaceView(SessionModel* session, QWidget* parent) : QWidget(parent), session_(session) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(2);
  caption_ = new QLabel(this);
  caption_->setObjectName("elasticSurfaceCaption");
  caption_->setContentsMargins(8, 2, 8, 2);
  caption_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
  layout->addWidget(caption_);
  auto* split = new QSplitter(Qt::Horizontal, this);
  viewport_ = new render::VtkViewport(split);
  viewport_->setObjectName("elasticSurfaceViewport");
  cuts_ = new PolarCutsWidget(split);
  split->addWidget(viewport_);
  split->addWidget(cuts_);
  split->setStretchFactor(0, 3);
  split->setStretchFactor(1, 1);
  split->setSizes({720, 240});
  layout->addWidget(split, 1);
  scene_ = std::make_unique<render::ElasticSurfaceScene>(viewport_->renderer());

  connect(session_, &SessionModel::targetChanged, this, &ElasticSurfaceView::showTarget);
  connect(session_, &SessionModel::currentChanged, this, &ElasticSurfaceView::showCandidate);
  connect(session_, &SessionModel::candidateUpdated, this, [this](const QString& id) {
    if (id == session_->currentId()) showCandidate();
  });
  connect(session_, &SessionModel::candidatesChanged, this, &ElasticSurfaceView::showCandidate);
  showTarget();
  showCandidate();
  viewport_->resetCamera();
  fitted_ = scene_->extent();
}

ElasticSurfaceView::~ElasticSurfaceView() = default;

void ElasticSurfaceView::showTarget() {
  if (session_->targetStiffness()) lastTarget_ = session_->targetStiffness();
  scene_->setTarget(lastTarget_);
  cuts_->setTarget(lastTarget_);
  refit();
}

void ElasticSurfaceView::showCandidate() {
  const design::Candidate* c = session_->candidateById(session_->currentId());
  std::optional<Stiffness> stiffness;
  if (c && c->homogenized && c->homogenized->stiffness.admissibility().ok()) stiffness = c->homogenized->stiffness;
  shownId_ = stiffness ? QString::fromStdString(c->id) : QString();
  const QString name = c ? QString::fromStdString(c->name) : QString();
  scene_->setCandidate(stiffness);
  cuts_->setCandidate(stiffness, name);
  if (!c) caption_->setText(tr("Target E(d) (wireframe). Open a cell to compare a candidate."));
  else if (!stiffness)
    caption_->setText(c->homogenized ? tr("%1: the homogenized tensor is singular (the cell does not carry load in every "
                                          "direction)")
                                           .arg(name)
                                     : tr("%1 is not homogenized yet: target E(d) only (wireframe)").arg(name));
  else caption_->setText(tr("Target E(d) (wireframe) and %1 (surface, coloured by E/E_s)").arg(name));
  refit();
}

void ElasticSurfaceView::refit() {
  // While values change, the scale stays put so that growth and shrinkage are visible; a
  // surface that changed size a lot gets the camera refitted.
  const double extent = scene_->extent();
  if (extent <= 0.0) return;
  const double ratio = fitted_ > 0.0 ? extent / fitted_ : 0.0;
  if (ratio > 1.25 || ratio < 0.8) {
    fitted_ = extent;
    viewport_->fitCamera();
  }
  viewport_->requestRender();
}

}  // namespace mf::gui
