#include "app/cli/dataset_plots.hpp"

#include "app/cli/command.hpp"
#include "core/files/atomic_file.hpp"
#include "core/tensor/base_material.hpp"
#include "core/tensor/bounds.hpp"
#include "core/tensor/engineering.hpp"
#include "core/tensor/stiffness.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <memory>
#include <numbers>
#include <functional>
#include <map>

#ifdef MF_CLI_HAS_QT
#include "app/cli/offscreen_application.hpp"

#include <QGuiApplication>
#include <QtGlobal>
#include <QImage>
#include <QPainter>
#include <QPainterPath>
#endif

namespace mf::cli {

#ifdef MF_CLI_HAS_QT
namespace {

struct Series {
  QString label;
  QColor color;
  std::vector<QPointF> points;
};

struct Curve {
  QString label;
  QColor color;
  std::vector<QPointF> points;
};

QColor generatorColor(const std::string& g) {
  if (g == "to") return QColor(213, 94, 0);
  if (g == "trig") return QColor(0, 114, 178);
  if (g == "spinodoid") return QColor(0, 158, 115);
  if (g == "tpms") return QColor(204, 121, 167);
  return QColor(90, 90, 90);
}

// A scatter plot with axes, ticks, a legend and optional curves, 800×600.
void drawPlot(const QString& file, const QString& title, const QString& xLabel, const QString& yLabel,
              const std::vector<Series>& series, const std::vector<Curve>& curves) {
  const int w = 800, h = 600, left = 90, right = 30, top = 50, bottom = 70;
  QImage img(w, h, QImage::Format_ARGB32);
  img.fill(Qt::white);
  QPainter p(&img);
  p.setRenderHint(QPainter::Antialiasing);
  double x0 = 1e300, x1 = -1e300, y0 = 1e300, y1 = -1e300;
  auto extend = [&](const QPointF& q) {
    x0 = std::min(x0, q.x()), x1 = std::max(x1, q.x()), y0 = std::min(y0, q.y()), y1 = std::max(y1, q.y());
  };
  for (const auto& s : series)
    for (const auto& q : s.points) extend(q);
  // Curves (bounds) are in view over the data's x range, whatever their height.
  const double dataX0 = x0, dataX1 = x1;
  for (const auto& c : curves)
    for (const auto& q : c.points)
      if (q.x() >= dataX0 && q.x() <= dataX1) extend(q);
  if (x0 > x1) x0 = 0, x1 = 1, y0 = 0, y1 = 1;
  const double dx = (x1 - x0) * 0.05 + 1e-12, dy = (y1 - y0) * 0.05 + 1e-12;
  x0 -= dx, x1 += dx, y0 -= dy, y1 += dy;
  auto map = [&](const QPointF& q) {
    return QPointF(left + (q.x() - x0) / (x1 - x0) * (w - left - right), h - bottom - (q.y() - y0) / (y1 - y0) * (h - top - bottom));
  };
  QFont font = p.font();
  font.setPixelSize(14);
  p.setFont(font);
  // Ticks: 5 per axis at "nice" steps.
  auto nice = [](double span) {
    const double raw = span / 5, mag = std::pow(10, std::floor(std::log10(raw))), r = raw / mag;
    return (r < 1.5 ? 1 : r < 3.5 ? 2 : r < 7.5 ? 5 : 10) * mag;
  };
  p.setPen(QColor(225, 225, 225));
  const double sx = nice(x1 - x0), sy = nice(y1 - y0);
  for (double t = std::ceil(x0 / sx) * sx; t <= x1; t += sx) {
    p.setPen(QColor(225, 225, 225));
    p.drawLine(map({t, y0}), map({t, y1}));
    p.setPen(Qt::black);
    p.drawText(QRectF(map({t, y0}).x() - 40, h - bottom + 6, 80, 20), Qt::AlignHCenter, QString::number(t, 'g', 3));
  }
  for (double t = std::ceil(y0 / sy) * sy; t <= y1; t += sy) {
    p.setPen(QColor(225, 225, 225));
    p.drawLine(map({x0, t}), map({x1, t}));
    p.setPen(Qt::black);
    p.drawText(QRectF(0, map({x0, t}).y() - 10, left - 8, 20), Qt::AlignRight | Qt::AlignVCenter, QString::number(t, 'g', 3));
  }
  p.setPen(Qt::black);
  p.drawRect(QRectF(left, top, w - left - right, h - top - bottom));
  p.save();
  p.setClipRect(QRectF(left, top, w - left - right, h - top - bottom));
  for (const auto& s : series) {
    QColor c = s.color;
    c.setAlpha(110);
    p.setPen(Qt::NoPen);
    p.setBrush(c);
    for (const auto& q : s.points) p.drawEllipse(map(q), 2.2, 2.2);
  }
  for (const auto& c : curves) {
    QPainterPath path;
    for (std::size_t i = 0; i < c.points.size(); ++i)
      i ? path.lineTo(map(c.points[i])) : path.moveTo(map(c.points[i]));
    p.setPen(QPen(c.color, 2.5));
    p.setBrush(Qt::NoBrush);
    p.drawPath(path);
  }
  p.restore();
  font.setPixelSize(18);
  p.setFont(font);
  p.drawText(QRectF(0, 10, w, 30), Qt::AlignHCenter, title);
  font.setPixelSize(15);
  p.setFont(font);
  p.drawText(QRectF(left, h - 35, w - left - right, 25), Qt::AlignHCenter, xLabel);
  p.save();
  p.translate(20, top + (h - top - bottom) / 2.0);
  p.rotate(-90);
  p.drawText(QRectF(-150, -10, 300, 24), Qt::AlignHCenter, yLabel);
  p.restore();
  // Legend, top left inside the frame.
  font.setPixelSize(13);
  p.setFont(font);
  int ly = top + 10;
  for (const auto& s : series) {
    p.setPen(Qt::NoPen);
    p.setBrush(s.color);
    p.drawEllipse(QPointF(left + 16, ly + 7), 5, 5);
    p.setPen(Qt::black);
    p.drawText(QPointF(left + 28, ly + 12), s.label + QString(" (%1)").arg(s.points.size()));
    ly += 20;
  }
  for (const auto& c : curves) {
    p.setPen(QPen(c.color, 2.5));
    p.drawLine(QPointF(left + 8, ly + 7), QPointF(left + 24, ly + 7));
    p.setPen(Qt::black);
    p.drawText(QPointF(left + 28, ly + 12), c.label);
    ly += 20;
  }
  p.end();
  files::writeAtomically(file.toStdString(), [&](const std::filesystem::path& tmp) {
    if (!img.save(QString::fromStdString(tmp.string()), "PNG")) throw UserError("cannot write " + file.toStdString());
  });
}

}  // namespace
#endif

std::vector<std::string> writeDatasetPlots(const std::vector<dataset::Sample>& samples, const std::string& folder) {
#ifdef MF_CLI_HAS_QT
  std::filesystem::create_directories(folder);
  // Drawing needs fonts, so a QGuiApplication; offscreen, so no display. Qt's start-up chatter
  // (XDG_RUNTIME_DIR and the like) is not the user's business on a command line.
  auto app = offscreenApplication();
  const BaseMaterial base;
  using Pick = std::function<QPointF(const dataset::Sample&)>;
  auto bySeries = [&](const Pick& pick) {
    std::map<std::string, Series> m;
    for (const auto& s : samples) {
      auto& se = m[s.generator];
      se.label = QString::fromStdString(s.generator);
      se.color = generatorColor(s.generator);
      se.points.push_back(pick(s));
    }
    std::vector<Series> out;
    for (auto& [k, v] : m) out.push_back(std::move(v));
    return out;
  };
  auto hsCurve = [&](const QString& label, const QColor& color, const std::function<double(double)>& f) {
    Curve c{label, color, {}};
    for (int i = 0; i <= 100; ++i) {
      const double vf = 0.01 + 0.98 * i / 100.0;
      c.points.push_back({vf, f(vf)});
    }
    return c;
  };
  auto hill = [](const dataset::Sample& s) {
    const double c11 = s.stiffness(0, 0), c12 = s.stiffness(0, 1), c44 = s.stiffness(3, 3);
    const double gv = (c11 - c12 + 3 * c44) / 5.0;
    const double gr = 5 * c44 * (c11 - c12) / (4 * c44 + 3 * (c11 - c12));
    return 0.5 * (gv + gr);
  };
  auto bulk = [](const dataset::Sample& s) { return (s.stiffness(0, 0) + 2 * s.stiffness(0, 1)) / 3.0; };
  const QString dir = QString::fromStdString(folder);
  std::vector<std::string> written;
  auto add = [&](const QString& name) { written.push_back((std::filesystem::path(folder) / name.toStdString()).string()); };

  drawPlot(dir + "/c11_c12.png", "C11 against C12", "C12 / E_s", "C11 / E_s",
           bySeries([](const dataset::Sample& s) { return QPointF(s.stiffness(0, 1), s.stiffness(0, 0)); }), {});
  add("c11_c12.png");
  drawPlot(dir + "/c44_vf.png", "C44 against volume fraction", "volume fraction", "C44 / E_s",
           bySeries([](const dataset::Sample& s) { return QPointF(s.volumeFraction, s.stiffness(3, 3)); }),
           {hsCurve("HS upper bound G", Qt::black, [&](double vf) { return hashinShtrikmanUpper(base, vf).shear; })});
  add("c44_vf.png");
  drawPlot(dir + "/k_hs_vf.png", "Bulk modulus against the Hashin–Shtrikman bound", "volume fraction", "K / K_HS",
           bySeries([&](const dataset::Sample& s) {
             return QPointF(s.volumeFraction, bulk(s) / hashinShtrikmanUpper(base, s.volumeFraction).bulk);
           }),
           {hsCurve("HS upper bound", Qt::black, [](double) { return 1.0; })});
  add("k_hs_vf.png");
  drawPlot(dir + "/g_hs_vf.png", "Shear modulus (Hill) against the Hashin–Shtrikman bound", "volume fraction",
           "G_Hill / G_HS", bySeries([&](const dataset::Sample& s) {
             return QPointF(s.volumeFraction, hill(s) / hashinShtrikmanUpper(base, s.volumeFraction).shear);
           }),
           {hsCurve("HS upper bound", Qt::black, [](double) { return 1.0; })});
  add("g_hs_vf.png");
  drawPlot(dir + "/nu_vf.png", "Poisson's ratio ν12 against volume fraction", "volume fraction", "ν12 = C12/(C11 + C12)",
           bySeries([](const dataset::Sample& s) {
             return QPointF(s.volumeFraction, s.stiffness(0, 1) / (s.stiffness(0, 0) + s.stiffness(0, 1)));
           }),
           {});
  add("nu_vf.png");
  return written;
#else
  (void)samples;
  (void)folder;
  throw UserError("coverage plots need the Qt build of metaforge-cli (configure with MF_BUILD_GUI=ON)");
#endif
}

}  // namespace mf::cli
