#include "gui/property_space_view.hpp"

#include "core/tensor/bounds.hpp"
#include "core/tensor/engineering.hpp"
#include "gui/session_model.hpp"
#include "render/property_space_scene.hpp"
#include "render/vtk_viewport.hpp"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace mf::gui {

PropertySpaceView::PropertySpaceView(SessionModel* session, QWidget* parent) : QWidget(parent), session_(session) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(2);
  auto* bar = new QHBoxLayout;
  bar->setContentsMargins(6, 2, 6, 2);
  bar->addWidget(new QLabel(tr("Axes"), this));
  spaceCombo_ = new QComboBox(this);
  spaceCombo_->setObjectName("spaceCombo");
  spaceCombo_->addItem(tr("C11 – C12 – C44"));
  spaceCombo_->addItem(tr("K – G – vf"));
  bar->addWidget(spaceCombo_);
  bar->addStretch(1);
  auto* legend = new QLabel(tr("points: verified candidates, coloured by error · rings: target · orange: HS upper bound"), this);
  legend->setStyleSheet("color: #888;");
  bar->addWidget(legend);
  layout->addLayout(bar);
  viewport_ = new render::VtkViewport(this);
  viewport_->setObjectName("propertySpaceViewport");
  viewport_->setAxesTriadVisible(false);  // the axes are C11, C12, C44 (or K, G, vf), not x1, x2, x3
  viewport_->setFitZoom(0.92);            // room for the tick labels and axis titles outside the box
  layout->addWidget(viewport_, 1);
  scene_ = std::make_unique<render::PropertySpaceScene>(viewport_->renderer());

  // Several session signals often arrive together (a candidate added changes the list, the
  // metrics and the selection): one rebuild per turn of the event loop.
  rebuildTimer_.setSingleShot(true);
  rebuildTimer_.setInterval(0);
  connect(&rebuildTimer_, &QTimer::timeout, this, &PropertySpaceView::rebuild);
  connect(spaceCombo_, &QComboBox::currentIndexChanged, this, [this] {
    fitted_ = false;
    rebuild();
  });
  for (auto signal : {&SessionModel::targetChanged, &SessionModel::candidatesChanged, &SessionModel::metricsChanged,
                      &SessionModel::settingsChanged})
    connect(session_, signal, &rebuildTimer_, qOverload<>(&QTimer::start));
  connect(session_, &SessionModel::selectionChanged, &rebuildTimer_, qOverload<>(&QTimer::start));
  rebuild();
}

PropertySpaceView::~PropertySpaceView() = default;

void PropertySpaceView::setSpace(Space space) { spaceCombo_->setCurrentIndex(space == Space::Stiffness ? 0 : 1); }
PropertySpaceView::Space PropertySpaceView::space() const {
  return spaceCombo_->currentIndex() == 0 ? Space::Stiffness : Space::BulkShearVf;
}

void PropertySpaceView::rebuild() {
  const BaseMaterial& base = session_->homogenizeSettings().base;
  const bool stiffness = space() == Space::Stiffness;
  auto coordinates = [&](const Stiffness& c, double vf) -> std::array<double, 3> {
    if (stiffness) return design::cubicParts(c);
    const EngineeringConstants e = engineeringConstants(c);
    return {e.bulkHill, e.shearHill, vf};
  };

  std::vector<render::PropertyPoint> points;
  const QStringList selected = session_->selectedIds();
  for (int i = 0; i < session_->candidateCount(); ++i) {
    const design::Candidate& c = session_->candidate(i);
    if (!c.homogenized || !c.homogenized->stiffness.admissibility().ok()) continue;
    render::PropertyPoint p;
    p.value = coordinates(c.homogenized->stiffness, session_->metrics(i).volumeFraction);
    p.label = c.name;
    p.error = session_->metrics(i).error;
    p.selected = selected.contains(QString::fromStdString(c.id));
    points.push_back(p);
  }
  std::optional<std::array<double, 3>> target;
  if (const auto& t = session_->targetStiffness()) target = coordinates(*t, session_->target().volumeFraction);

  // Axes that fit what is shown with a quarter to spare (and always include 0), so that the
  // points spread over the box instead of crowding one corner of the base material's range.
  std::array<double, 3> lo{0.0, 0.0, 0.0}, hi{0.0, 0.0, 0.0};
  auto include = [&](const std::array<double, 3>& v) {
    for (int a = 0; a < 3; ++a) {
      lo[static_cast<std::size_t>(a)] = std::min(lo[static_cast<std::size_t>(a)], v[static_cast<std::size_t>(a)]);
      hi[static_cast<std::size_t>(a)] = std::max(hi[static_cast<std::size_t>(a)], v[static_cast<std::size_t>(a)]);
    }
  };
  for (const auto& p : points) include(p.value);
  if (target) include(*target);
  const BaseMaterial solid = base;
  const std::array<double, 3> full = stiffness ? design::cubicParts(solid.stiffness())
                                               : std::array<double, 3>{solid.bulk(), solid.shear(), 1.0};
  for (int a = 0; a < 3; ++a) {
    auto& h = hi[static_cast<std::size_t>(a)];
    auto& l = lo[static_cast<std::size_t>(a)];
    h = h > 0.0 ? 1.25 * h : full[static_cast<std::size_t>(a)];
    l = 1.25 * l;
  }
  if (!stiffness) hi[2] = std::min(1.0, hi[2]);
  if (stiffness) {
    scene_->setAxes({render::PropertyAxis{"C11", lo[0], hi[0]}, render::PropertyAxis{"C12", lo[1], hi[1]},
                     render::PropertyAxis{"C44", lo[2], hi[2]}});
  } else {
    scene_->setAxes({render::PropertyAxis{"K (Hill)", lo[0], hi[0]}, render::PropertyAxis{"G (Hill)", lo[1], hi[1]},
                     render::PropertyAxis{"vf", lo[2], hi[2]}});
  }
  scene_->setPoints(points);
  scene_->setTarget(target);

  // The HS upper bound over vf: as isotropic C11, C12, C44, or as K, G at each vf; only the part
  // inside the box.
  std::vector<std::array<double, 3>> curve;
  for (int i = 0; i <= 200; ++i) {
    const double vf = i / 200.0;
    const IsotropicModuli hs = hashinShtrikmanUpper(base, vf);
    const std::array<double, 3> v = stiffness ? std::array<double, 3>{hs.bulk + 4.0 * hs.shear / 3.0, hs.bulk - 2.0 * hs.shear / 3.0, hs.shear}
                                              : std::array<double, 3>{hs.bulk, hs.shear, vf};
    if (v[0] > hi[0] || v[1] > hi[1] || v[2] > hi[2]) break;
    curve.push_back(v);
  }
  scene_->setCurve(curve);
  if (!fitted_) {
    viewport_->resetCamera();
    fitted_ = true;
  }
  viewport_->requestRender();
}

}  // namespace mf::gui
