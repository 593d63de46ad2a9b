#include "render/legend_placement.hpp"

#include <vtkCallbackCommand.h>
#include <vtkCommand.h>
#include <vtkNew.h>
#include <vtkRenderer.h>
#include <vtkScalarBarActor.h>

#include <algorithm>

namespace mf::render {
namespace {

struct Anchor {
  vtkScalarBarActor* legend;
  LegendBox box;
};

void place(vtkObject* caller, unsigned long, void* clientData, void*) {
  auto* renderer = static_cast<vtkRenderer*>(caller);
  const auto* a = static_cast<const Anchor*>(clientData);
  const int* size = renderer->GetSize();
  if (size[0] <= 0 || size[1] <= 0) return;
  const double w = std::min(0.5, (a->box.widthPx) / static_cast<double>(size[0]));
  const double margin = 6.0 / size[0];
  a->legend->SetPosition(1.0 - w - margin, a->box.bottom);
  a->legend->SetPosition2(w, a->box.height);
  a->legend->SetMaximumWidthInPixels(a->box.widthPx);
}

}  // namespace

unsigned long anchorLegend(vtkRenderer* renderer, vtkScalarBarActor* legend, const LegendBox& box) {
  vtkNew<vtkCallbackCommand> command;
  command->SetCallback(place);
  command->SetClientData(new Anchor{legend, box});
  command->SetClientDataDeleteCallback([](void* data) { delete static_cast<Anchor*>(data); });
  return renderer->AddObserver(vtkCommand::StartEvent, command);
}

void releaseLegend(vtkRenderer* renderer, unsigned long tag) { renderer->RemoveObserver(tag); }

}  // namespace mf::render
