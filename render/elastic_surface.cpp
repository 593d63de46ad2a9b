#include "render/elastic_surface.hpp"

#include "core/tensor/engineering.hpp"

#include <vtkDoubleArray.h>
#include <vtkPointData.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkPolyDataNormals.h>
#include <vtkTessellatedBoxSource.h>

#include <cmath>
#include <numbers>

namespace mf::render {

vtkSmartPointer<vtkPolyData> buildElasticSurface(const Stiffness& c, int subdivisions) {
  const DirectionalYoung young(c);  // throws for inadmissible tensors

  vtkNew<vtkTessellatedBoxSource> box;
  box->SetBounds(-1, 1, -1, 1, -1, 1);
  box->SetLevel(subdivisions - 1);  // level L gives L + 1 segments per edge
  box->QuadsOn();
  box->DuplicateSharedPointsOff();
  box->Update();

  vtkPolyData* cube = box->GetOutput();
  const vtkIdType n = cube->GetNumberOfPoints();
  vtkNew<vtkPoints> points;
  points->SetDataTypeToDouble();
  points->SetNumberOfPoints(n);
  vtkNew<vtkDoubleArray> modulus;
  modulus->SetName("E");
  modulus->SetNumberOfValues(n);
  for (vtkIdType i = 0; i < n; ++i) {
    double p[3];
    cube->GetPoint(i, p);
    // Equal-angle warp: spacing on the sphere becomes nearly uniform.
    const Vector3 d = Vector3(std::tan(p[0] * std::numbers::pi / 4), std::tan(p[1] * std::numbers::pi / 4),
                              std::tan(p[2] * std::numbers::pi / 4))
                          .normalized();
    const double e = young(d);
    const Vector3 r = e * d;
    points->SetPoint(i, r.data());
    modulus->SetValue(i, e);
  }

  auto surface = vtkSmartPointer<vtkPolyData>::New();
  surface->SetPoints(points);
  surface->SetPolys(cube->GetPolys());
  surface->GetPointData()->SetScalars(modulus);

  vtkNew<vtkPolyDataNormals> normals;
  normals->SetInputData(surface);
  normals->SplittingOff();
  normals->ConsistencyOn();
  normals->AutoOrientNormalsOn();
  normals->Update();
  auto out = vtkSmartPointer<vtkPolyData>::New();
  out->ShallowCopy(normals->GetOutput());
  return out;
}

}  // namespace mf::render
