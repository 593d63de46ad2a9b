#include "app/cli/elastic_comparison_plot.hpp"

#include "app/cli/command.hpp"
#include "core/files/atomic_file.hpp"
#include "core/tensor/engineering.hpp"
#include "core/tensor/format.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <numbers>
#include <vector>

#ifdef MF_CLI_HAS_QT
#include "app/cli/offscreen_application.hpp"

#include <QImage>
#include <QPainter>
#include <QPainterPath>
#endif

namespace mf::cli {

#ifdef MF_CLI_HAS_QT
namespace {

struct Curve {
  QString label;
  QColor color;
  bool dashed;
  DirectionalYoung e;
};

// The planes, each as d(θ) from its first axis (drawn to the right) towards its second (up).
struct Plane {
  const char* title;
  const char* right;
  const char* up;
  Vector3 (*direction)(double theta);
};
const Plane kPlanes[2] = {
    {"(001) plane", "[100]", "[010]", [](double a) { return Vector3(std::cos(a), std::sin(a), 0); }},
    {"(1-10) plane", "[001]", "[110]",
     [](double a) { return Vector3(std::sin(a) / std::sqrt(2.0), std::sin(a) / std::sqrt(2.0), std::cos(a)); }},
};

std::vector<Curve> readCurves(const std::string& designJson) {
  std::ifstream in(designJson);
  const nlohmann::json d = nlohmann::json::parse(in);
  std::vector<Curve> curves;
  const auto& t = d.at("target");
  curves.push_back({"target", Qt::black, true, DirectionalYoung(Stiffness::cubic(t.at("C11"), t.at("C12"), t.at("C44")))});
  const QColor palette[] = {QColor(0, 114, 178), QColor(213, 94, 0), QColor(0, 158, 115), QColor(204, 121, 167),
                            QColor(230, 159, 0), QColor(86, 180, 233)};
  int k = 0;
  for (const auto& c : d.at("candidates")) {
    const Stiffness s = Stiffness::cubic(c.at("C11"), c.at("C12"), c.at("C44"));
    if (!s.admissibility().ok()) continue;
    char label[96];
    std::snprintf(label, sizeof label, "%s (Eq. 18 %.1f %%)", c.at("file").get<std::string>().c_str(),
                  100 * c.at("error").get<double>());
    curves.push_back({label, palette[k++ % 6], false, DirectionalYoung(s)});
  }
  return curves;
}

void drawPlane(QPainter& p, const Plane& plane, const QPointF& centre, double radius, double outer, double step,
               const std::vector<Curve>& curves) {
  const double scale = radius / outer;
  QFont f = p.font();
  // Rings with their values along the 60° ray, the axes with their directions.
  p.setPen(QColor(215, 215, 215));
  for (double r = step; r <= outer * (1 + 1e-9); r += step) p.drawEllipse(centre, r * scale, r * scale);
  p.drawLine(centre - QPointF(radius + 12, 0), centre + QPointF(radius + 12, 0));
  p.drawLine(centre - QPointF(0, radius + 12), centre + QPointF(0, radius + 12));
  f.setPixelSize(11);
  p.setFont(f);
  p.setPen(QColor(110, 110, 110));
  for (double r = step; r <= outer * (1 + 1e-9); r += step)
    p.drawText(centre + QPointF(0.5 * r * scale + 3, -0.866 * r * scale - 3), QString::number(r, 'g', 3));
  f.setPixelSize(13);
  p.setFont(f);
  p.setPen(Qt::black);
  p.drawText(centre + QPointF(radius + 16, 5), plane.right);
  p.drawText(QRectF(centre.x() - 40, centre.y() - radius - 34, 80, 18), Qt::AlignHCenter, plane.up);
  f.setPixelSize(16);
  p.setFont(f);
  p.drawText(QRectF(centre.x() - 220, 14, 440, 22), Qt::AlignHCenter, QString("E(d) / E_s in the %1").arg(plane.title));
  for (const auto& c : curves) {
    QPainterPath path;
    for (int i = 0; i <= 360; ++i) {
      const double a = i * std::numbers::pi / 180;
      const double r = c.e(plane.direction(a)) * scale;
      const QPointF q = centre + QPointF(r * std::cos(a), -r * std::sin(a));
      i ? path.lineTo(q) : path.moveTo(q);
    }
    p.setPen(QPen(c.color, c.dashed ? 2.5 : 1.8, c.dashed ? Qt::DashLine : Qt::SolidLine));
    p.setBrush(Qt::NoBrush);
    p.drawPath(path);
  }
}

}  // namespace
#endif

void writeElasticComparison(const std::string& designJson, const std::string& png) {
#ifdef MF_CLI_HAS_QT
  const std::vector<Curve> curves = readCurves(designJson);
  auto app = offscreenApplication();
  const int w = 1300, h = 600;
  QImage img(w, h, QImage::Format_ARGB32);
  img.fill(Qt::white);
  QPainter p(&img);
  p.setRenderHint(QPainter::Antialiasing);
  double max = 0;
  for (const auto& c : curves)
    for (const Plane& plane : kPlanes)
      for (int i = 0; i < 360; ++i) max = std::max(max, c.e(plane.direction(i * std::numbers::pi / 180)));
  const double step = roundNumberAtLeast(max / 4.0);  // three to five rings
  const double outer = std::ceil(max / step - 1e-9) * step;  // the outermost ring holds every curve
  for (int k = 0; k < 2; ++k) drawPlane(p, kPlanes[k], QPointF(250 + k * 460, 320), 210, outer, step, curves);
  // The legend, and what the numbers are.
  QFont f = p.font();
  f.setPixelSize(13);
  p.setFont(f);
  int ly = 70;
  for (const auto& c : curves) {
    p.setPen(QPen(c.color, 2.5, c.dashed ? Qt::DashLine : Qt::SolidLine));
    p.drawLine(QPointF(960, ly), QPointF(990, ly));
    p.setPen(Qt::black);
    p.drawText(QPointF(998, ly + 5), c.label);
    ly += 22;
  }
  f.setPixelSize(12);
  p.setFont(f);
  p.setPen(QColor(90, 90, 90));
  p.drawText(QRectF(960, ly + 14, 330, 80), Qt::TextWordWrap,
             QString("Directional Young's modulus E(d) over the base material's E_s; rings every %1.")
                 .arg(QString::number(step, 'g', 3)));
  p.end();
  files::writeAtomically(png, [&](const std::filesystem::path& tmp) {
    if (!img.save(QString::fromStdString(tmp.string()), "PNG")) throw UserError("cannot write " + png);
  });
#else
  (void)designJson;
  (void)png;
#endif
}

}  // namespace mf::cli
