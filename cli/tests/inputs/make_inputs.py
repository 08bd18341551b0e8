"""Writes real EMR inputs for the CLI's format tests into the directory given as argv[1].

Every file comes from a maintained library or ships with one, not from hand-written bytes:
- FHIR R4 JSON: a Patient and a Bundle (Patient + Observation) built with `fhir.resources`
  (R4B models, which R4 readers accept) and serialised by it;
- DICOM Part 10: `CT_small.dcm`, which pydicom ships as test data, and a secondary-capture
  file written by pydicom (`enforce_file_format=True`: preamble, DICM, file meta group);
- CSV: laboratory results written by Python's `csv` module;
- My Health Bank XML: the structure of the paper's Fig. 7, written by `xml.etree`.
"""
import csv
import shutil
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from fhir.resources.R4B.bundle import Bundle, BundleEntry
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.patient import Patient
from pydicom.data import get_testdata_file
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, SecondaryCaptureImageStorage, generate_uid

out = Path(sys.argv[1])
out.mkdir(parents=True, exist_ok=True)

patient = Patient(id="p1", gender="female", birthDate="1980-02-01",
                  name=[{"family": "Chen", "given": ["Mei"]}])
(out / "patient.json").write_text(patient.json())
observation = Observation(
    status="final",
    code={"coding": [{"system": "http://loinc.org", "code": "4548-4", "display": "Hemoglobin A1c"}]},
    subject={"reference": "Patient/p1"},
    valueQuantity={"value": 6.9, "unit": "%", "system": "http://unitsofmeasure.org", "code": "%"},
)
bundle = Bundle(type="collection", entry=[BundleEntry(resource=patient), BundleEntry(resource=observation)])
(out / "bundle.json").write_text(bundle.json())

shutil.copyfile(get_testdata_file("CT_small.dcm"), out / "ct_small.dcm")
meta = FileMetaDataset()
meta.MediaStorageSOPClassUID = SecondaryCaptureImageStorage
meta.MediaStorageSOPInstanceUID = generate_uid()
meta.TransferSyntaxUID = ExplicitVRLittleEndian
ds = Dataset()
ds.file_meta = meta
ds.SOPClassUID = meta.MediaStorageSOPClassUID
ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
ds.PatientName = "Chen^Mei"
ds.PatientID = "P1"
ds.Modality = "OT"
ds.save_as(out / "capture.dcm", enforce_file_format=True)

with open(out / "labs.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["date", "test", "loinc", "value", "unit"])
    w.writerow(["2026-11-30", "Hemoglobin A1c", "4548-4", "6.9", "%"])
    w.writerow(["2026-11-30", "Glucose, fasting", "1558-6", "132", "mg/dL"])

root = ET.Element("myhealthbank")
bdata = ET.SubElement(root, "bdata")
ET.SubElement(bdata, "b1.1").text = "A12751****"
r1 = ET.SubElement(bdata, "r1")
for tag, text in [("r1.1", "2"), ("r1.2", "North District Business Group"), ("r1.3", "1132070011"),
                  ("r1.4", "Linkou Chang Geng"), ("r1.5", "20171010"), ("r1.7", "IC03"),
                  ("r1.8", "E119"), ("r1.9", "Type 2 diabetes"), ("r1.13", "60")]:
    ET.SubElement(r1, tag).text = text
med = ET.SubElement(r1, "r1_1")
ET.SubElement(med, "r1_1.1").text = "A002346100"
ET.SubElement(med, "r1_1.3").text = "6.00"
ET.ElementTree(root).write(out / "mhb.xml", encoding="UTF-8", xml_declaration=True)
