#include "gui/report_writer.hpp"

#include "core/design/metrics.hpp"
#include "core/files/atomic_file.hpp"
#include "core/tensor/summary.hpp"
#include "gui/session_model.hpp"

#include <metaforge/version.hpp>

#include <QDateTime>
#include <QDir>
#include <QFile>

#include <fstream>
#include <stdexcept>

namespace mf::gui {
namespace {

QString esc(const QString& s) { return s.toHtmlEscaped(); }
QString num(double v, int digits = 5) { return QString::number(v, 'g', digits); }

QString tensorTable(const Stiffness& c) {
  QString html = "<table class=tensor>";
  for (int i = 1; i <= 6; ++i) {
    html += "<tr>";
    for (int j = 1; j <= 6; ++j) html += "<td>" + num(c(i, j), 4) + "</td>";
    html += "</tr>";
  }
  return html + "</table>";
}

}  // namespace

QStringList writeReport(const QString& directory, const SessionModel& model, const std::map<QString, QImage>& images) {
  QDir dir(directory);
  if (!dir.exists() && !dir.mkpath(".")) throw std::runtime_error("cannot create the folder " + directory.toStdString());
  QStringList written;
  std::map<QString, QImage> shown;  // a view that could not be captured (never shown) is left out
  for (const auto& [name, image] : images)
    if (!image.isNull()) shown[name] = image;
  for (const auto& [name, image] : shown) {
    const QString path = dir.filePath(name + ".png");
    files::writeAtomically(path.toStdString(), [&](const std::filesystem::path& tmp) {
      if (!image.save(QString::fromStdString(tmp.string()), "PNG"))
        throw std::runtime_error("cannot write " + path.toStdString());
    });
    written << path;
  }

  const design::Session& s = model.session();
  const BaseMaterial& base = s.homogenize.base;
  QString html;
  html += "<!DOCTYPE html><html><head><meta charset=utf-8><title>" + esc(model.displayName()) + " — MetaForge report</title>";
  html += "<style>body{font-family:sans-serif;max-width:1100px;margin:24px auto;color:#222}"
          "table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}"
          "th{background:#f2f2f2}td:first-child{text-align:left}.tensor td{text-align:right;font-family:monospace}"
          "img{max-width:100%;border:1px solid #ccc;margin:4px 0}.grid{display:grid;grid-template-columns:1fr 1fr;gap:8px}"
          "small{color:#666}</style></head><body>";
  html += "<h1>" + esc(model.displayName()) + "</h1>";
  html += "<p><small>MetaForge " + QString(MF_VERSION_STRING) + " · " +
          QDateTime::currentDateTime().toString(Qt::ISODate) + " · stiffness normalized by E_s (E_s = " + num(base.youngs) +
          ", ν_s = " + num(base.poisson) + "), Voigt order 11, 22, 33, 23, 13, 12, engineering shear</small></p>";

  html += "<h2>Target</h2>";
  html += "<p>" + esc(QString::fromStdString(design::toString(s.target.form))) + " form: ";
  const auto& names = design::fieldNames(s.target.form);
  for (std::size_t i = 0; i < names.size() && i < s.target.values.size(); ++i)
    html += esc(QString::fromStdString(names[i])) + " = " + num(s.target.values[i]) + (i + 1 < names.size() ? ", " : "");
  html += "; volume fraction " + num(s.target.volumeFraction) + (s.target.volumeFractionFree ? " (free)" : "") + "</p>";
  if (const auto& t = model.targetStiffness()) {
    const TensorSummary sum = summarize(*t, base, s.target.volumeFraction);
    html += tensorTable(*t);
    html += "<p>K/K_HS = " + num(sum.bounds->bulkRatio, 4) + ", G/G_HS = " + num(sum.bounds->shearRatio, 4) +
            ", Zener ratio " + num(sum.constants->zener, 4) + ", symmetry " + esc(QString::fromStdString(sum.symmetry.describe())) + "</p>";
  } else {
    html += "<p><b>The target is not an admissible tensor.</b></p>";
  }

  html += "<h2>Candidates</h2><table><tr><th>Candidate</th><th>Error %</th><th>vf</th><th>Zener</th><th>Connected</th>"
          "<th>Similarity</th><th>C11</th><th>C12</th><th>C44</th><th>FE</th><th>Provenance</th></tr>";
  std::vector<const BinaryCell*> cells;
  for (int i = 0; i < model.candidateCount(); ++i) {
    const design::Candidate& c = model.candidate(i);
    const design::CandidateMetrics& m = model.metrics(i);
    html += "<tr><td>" + esc(QString::fromStdString(c.name)) + "</td>";
    html += "<td>" + (m.error ? QString::number(100.0 * *m.error, 'f', 2) : "—") + "</td>";
    html += "<td>" + QString::number(m.volumeFraction, 'f', 3) + "</td>";
    html += "<td>" + (m.zener ? QString::number(*m.zener, 'f', 3) : "—") + "</td>";
    html += "<td>" + QString(m.connected ? "yes" : "no") + "</td>";
    html += "<td>" + (m.meanSimilarity ? QString::number(*m.meanSimilarity, 'f', 3) : "—") + "</td>";
    if (c.homogenized) {
      const auto parts = design::cubicParts(c.homogenized->stiffness);
      for (const double p : parts) html += "<td>" + num(p, 4) + "</td>";
      html += "<td>" + QString("%1, %2, tol %3, %4 s")
                           .arg(QString::number(c.homogenized->resolution) + QString::fromUtf8("³"))
                           .arg(esc(QString::fromStdString(c.homogenized->backend + " " + c.homogenized->precision)))
                           .arg(num(c.homogenized->tolerance, 2))
                           .arg(QString::number(c.homogenized->seconds, 'f', 2)) +
              "</td>";
    } else {
      html += "<td>—</td><td>—</td><td>—</td><td>not verified</td>";
    }
    html += "<td>" + esc(QString::fromStdString(c.provenance.summary())) + "</td></tr>";
    cells.push_back(&c.cell);
  }
  html += "</table>";
  html += "<p><small>Error: " + esc(QString::fromStdString(model.errorDescription())) +
          ". Similarity: Eq. 19, mean over the other candidates.";
  // Diversity over the candidates of the first resolution present.
  std::vector<const BinaryCell*> same;
  for (const BinaryCell* c : cells)
    if (c->dims() == cells.front()->dims()) same.push_back(c);
  if (!cells.empty())
    if (const auto d = design::diversity(same)) html += " Diversity (mean pairwise similarity): " + num(*d, 3) + ".";
  html += "</small></p>";

  if (!shown.empty()) {
    html += "<h2>Views</h2><div class=grid>";
    for (const auto& [name, image] : shown)
      html += "<figure><img src=\"" + esc(name) + ".png\"><figcaption><small>" + esc(name) + "</small></figcaption></figure>";
    html += "</div>";
  }
  html += "</body></html>";

  const QString path = dir.filePath("report.html");
  const QByteArray bytes = html.toUtf8();
  files::writeAtomically(path.toStdString(), [&](const std::filesystem::path& tmp) {
    std::ofstream out(tmp, std::ios::binary);
    out.write(bytes.constData(), bytes.size());
    if (!out.flush()) throw std::runtime_error("cannot write " + path.toStdString());
  });
  written << path;
  return written;
}

}  // namespace mf::gui
