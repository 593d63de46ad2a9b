#include "gui/raw_layout_dialog.hpp"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace mf::gui {
namespace {

std::uint64_t bytesPerVoxel(io::RawVoxel v) { return v == io::RawVoxel::UInt8 ? 1 : v == io::RawVoxel::UInt16 ? 2 : 4; }

}  // namespace

RawLayoutDialog::RawLayoutDialog(const QString& fileName, std::uint64_t fileBytes, QWidget* parent)
    : QDialog(parent), bytes_(fileBytes) {
  setWindowTitle(tr("Layout of %1").arg(fileName));
  setObjectName("rawLayoutDialog");
  auto* layout = new QVBoxLayout(this);
  auto* intro = new QLabel(tr("%1 holds %2 bytes, which is not a cube of one-byte voxels. A .raw file does not say how it "
                              "is laid out: give its dimensions (x fastest), voxel type and header.")
                               .arg(fileName)
                               .arg(fileBytes),
                           this);
  intro->setWordWrap(true);
  layout->addWidget(intro);
  auto* form = new QFormLayout;
  auto* dimsRow = new QHBoxLayout;
  const char* names[3] = {"nxSpin", "nySpin", "nzSpin"};
  for (int a = 0; a < 3; ++a) {
    dims_[a] = new QSpinBox(this);
    dims_[a]->setObjectName(names[a]);
    dims_[a]->setRange(1, 4096);
    dimsRow->addWidget(dims_[a]);
    connect(dims_[a], &QSpinBox::valueChanged, this, &RawLayoutDialog::check);
  }
  form->addRow(tr("Voxels nx × ny × nz"), dimsRow);
  voxel_ = new QComboBox(this);
  voxel_->setObjectName("voxelCombo");
  voxel_->addItem(tr("uint8 (0 void, else solid)"), static_cast<int>(io::RawVoxel::UInt8));
  voxel_->addItem(tr("uint16, little-endian (0 void, else solid)"), static_cast<int>(io::RawVoxel::UInt16));
  voxel_->addItem(tr("float32, little-endian (≥ 0.5 solid)"), static_cast<int>(io::RawVoxel::Float32));
  form->addRow(tr("Voxel type"), voxel_);
  header_ = new QSpinBox(this);
  header_->setObjectName("headerSpin");
  header_->setRange(0, 1 << 30);
  header_->setSuffix(tr(" bytes"));
  form->addRow(tr("Header to skip"), header_);
  layout->addLayout(form);
  verdict_ = new QLabel(this);
  verdict_->setObjectName("layoutVerdict");
  verdict_->setWordWrap(true);
  layout->addWidget(verdict_);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  ok_ = buttons->button(QDialogButtonBox::Ok);
  ok_->setText(tr("Open"));
  layout->addWidget(buttons);
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(voxel_, &QComboBox::currentIndexChanged, this, &RawLayoutDialog::check);
  connect(header_, &QSpinBox::valueChanged, this, &RawLayoutDialog::check);
  setLayout(io::guessRawLayout(fileBytes).value_or(io::RawLayout{{32, 32, 32}}));
}

io::RawLayout RawLayoutDialog::layout() const {
  io::RawLayout l;
  for (int a = 0; a < 3; ++a) l.dims[static_cast<std::size_t>(a)] = dims_[a]->value();
  l.voxel = static_cast<io::RawVoxel>(voxel_->currentData().toInt());
  l.headerBytes = static_cast<std::uint64_t>(header_->value());
  return l;
}

void RawLayoutDialog::setLayout(const io::RawLayout& l) {
  for (int a = 0; a < 3; ++a) dims_[a]->setValue(l.dims[static_cast<std::size_t>(a)]);
  voxel_->setCurrentIndex(voxel_->findData(static_cast<int>(l.voxel)));
  header_->setValue(static_cast<int>(l.headerBytes));
  check();
}

bool RawLayoutDialog::matchesFile() const {
  const io::RawLayout l = layout();
  return l.headerBytes + static_cast<std::uint64_t>(l.dims[0]) * l.dims[1] * l.dims[2] * bytesPerVoxel(l.voxel) == bytes_;
}

void RawLayoutDialog::check() {
  const io::RawLayout l = layout();
  const std::uint64_t need = l.headerBytes + static_cast<std::uint64_t>(l.dims[0]) * l.dims[1] * l.dims[2] * bytesPerVoxel(l.voxel);
  const bool cube = l.dims[0] == l.dims[1] && l.dims[1] == l.dims[2];
  QString text;
  if (need != bytes_) text = tr("✘ this layout needs %1 bytes; the file has %2").arg(need).arg(bytes_);
  else if (!cube) text = tr("✘ the layout fits, but MetaForge needs a cube of voxels (n × n × n)");
  else text = tr("✔ the layout fits the file");
  verdict_->setText(text);
  verdict_->setStyleSheet(need == bytes_ && cube ? "color: #2e7d32;" : "color: #c62828;");
  ok_->setEnabled(need == bytes_ && cube);
}

}  // namespace mf::gui
