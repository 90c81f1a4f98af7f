"""Validates FHIR JSON files with an independent library (fhir.resources, R4B models, which
match R4 for Questionnaire, QuestionnaireResponse and Observation), plus the R4 code lists
and the vital-signs profile rules that library does not enforce. Prints one line per file;
exits 1 if any file is invalid."""

import json
import sys

from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

MODELS = {
    "Questionnaire": Questionnaire,
    "QuestionnaireResponse": QuestionnaireResponse,
    "Observation": Observation,
}
ITEM_TYPES = {"group", "display", "boolean", "decimal", "integer", "date", "dateTime", "time",
              "string", "text", "url", "choice", "open-choice", "attachment", "reference", "quantity"}
OPERATORS = {"exists", "=", "!=", ">", "<", ">=", "<="}
STATUSES = {"draft", "active", "retired", "unknown"}


def strict_items(items, problems, seen):
    for item in items or []:
        link = item.get("linkId")
        if link in seen:
            problems.append(f"{link}: linkId not unique")
        seen.add(link)
        if item.get("type") not in ITEM_TYPES:
            problems.append(f"{link}: type {item.get('type')!r} is not an R4 item type")
        for key in ("required", "repeats"):
            if key in item and not isinstance(item[key], bool):
                problems.append(f"{link}: {key} must be a boolean")
        for cond in item.get("enableWhen", []):
            if cond.get("operator") not in OPERATORS:
                problems.append(f"{link}: operator {cond.get('operator')!r} is not an R4 operator")
        if len(item.get("enableWhen", [])) > 1 and "enableBehavior" not in item:
            problems.append(f"{link}: enableBehavior is required with several enableWhen (que-12)")
        if item.get("type") == "display" and ("required" in item or "repeats" in item):
            problems.append(f"{link}: display items cannot be required or repeat (que-6)")
        if item.get("type") == "group" and not item.get("item"):
            problems.append(f"{link}: a group needs items (que-1)")
        strict_items(item.get("item"), problems, seen)


OBSERVATION_STATUSES = {"registered", "preliminary", "final", "amended", "corrected",
                        "cancelled", "entered-in-error", "unknown"}
CATEGORIES = {"social-history", "vital-signs", "imaging", "laboratory", "procedure", "survey",
              "exam", "therapy", "activity"}
INTERPRETATIONS = {"L", "LL", "H", "HH", "N", "A", "AA"}
INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"
DERIVED_FROM = {"DocumentReference", "ImagingStudy", "Media", "QuestionnaireResponse",
                "Observation", "MolecularSequence"}
UCUM = "http://unitsofmeasure.org"
LOINC = "http://loinc.org"
# The FHIR core vital-signs profiles (R4 "vitalsigns"): code, UCUM unit.
VITAL_SIGNS = {
    "85354-9": None, "8867-4": "/min", "29463-7": "kg", "8302-2": "cm", "8310-5": "Cel",
    "9279-1": "/min", "2708-6": "%", "8480-6": "mm[Hg]", "8462-4": "mm[Hg]",
}


def strict_quantity(where, quantity, problems, unit=None):
    if quantity.get("system") != UCUM or not quantity.get("code"):
        problems.append(f"{where}: a quantity needs a UCUM system and code (vs-3)")
    if unit and quantity.get("code") != unit:
        problems.append(f"{where}: unit {quantity.get('code')!r}, the profile asks {unit!r}")
    if not isinstance(quantity.get("value"), (int, float)):
        problems.append(f"{where}: a quantity needs a numeric value")


def strict_observation(o, problems):
    if o.get("status") not in OBSERVATION_STATUSES:
        problems.append("status is not an R4 observation status")
    codes = [c.get("code") for c in o.get("code", {}).get("coding", []) if c.get("system") == LOINC]
    categories = [c.get("code") for cat in o.get("category", []) for c in cat.get("coding", [])]
    if not codes and "survey" not in categories:
        problems.append("a measurement needs a LOINC code")
    for category in categories:
        if category not in CATEGORIES:
            problems.append(f"category {category!r} is not an R4 observation category")
    if "subject" in o and not o["subject"].get("reference", "").startswith("Patient/"):
        problems.append("subject must reference a Patient")
    for interpretation in o.get("interpretation", []):
        for coding in interpretation.get("coding", []):
            if coding.get("system") == INTERPRETATION and coding.get("code") not in INTERPRETATIONS:
                problems.append(f"interpretation {coding.get('code')!r} is unknown")
    for ref in o.get("derivedFrom", []):
        target = ref.get("reference", "").split("/")[0]
        if target not in DERIVED_FROM:
            problems.append(f"derivedFrom cannot reference {target!r} in R4")
    if "vital-signs" in categories:
        # The vital-signs profile: an effective time, a subject, a value or components.
        if "effectiveDateTime" not in o and "effectivePeriod" not in o:
            problems.append("a vital sign needs effective[x] (vs-1)")
        vital = [c for c in codes if c in VITAL_SIGNS]
        if not vital:
            problems.append("a vital sign needs one of the vital-signs LOINC codes")
        if "85354-9" in codes:
            parts = {c.get("code"): comp for comp in o.get("component", [])
                     for c in comp.get("code", {}).get("coding", [])}
            for part in ("8480-6", "8462-4"):
                if part not in parts:
                    problems.append(f"blood pressure needs component {part}")
                else:
                    strict_quantity(part, parts[part].get("valueQuantity", {}), problems, "mm[Hg]")
        elif "valueQuantity" in o:
            unit = next((VITAL_SIGNS[c] for c in vital if VITAL_SIGNS[c]), None)
            strict_quantity("value", o["valueQuantity"], problems, unit)
        else:
            problems.append("a vital sign needs a value, components or a dataAbsentReason (vs-2)")
    elif "valueQuantity" in o:
        strict_quantity("value", o["valueQuantity"], problems)


def check(path):
    with open(path, encoding="utf-8") as f:
        resource = json.load(f)
    kind = resource.get("resourceType")
    model = MODELS.get(kind)
    if model is None:
        return [f"unsupported resourceType {kind!r}"]
    try:
        model.model_validate(resource)
    except Exception as error:  # the library's message says what is wrong
        return [" ".join(str(error).split())[:500]]
    problems = []
    if kind == "Questionnaire":
        if resource.get("status") not in STATUSES:
            problems.append("status is not an R4 publication status")
        strict_items(resource.get("item"), problems, set())
    if kind == "Observation":
        strict_observation(resource, problems)
    return problems


def main():
    failed = False
    for path in sys.argv[1:]:
        problems = check(path)
        if problems:
            failed = True
            for problem in problems:
                print(f"INVALID {path}: {problem}")
        else:
            print(f"valid {path}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
