"""Validates FHIR JSON files with an independent library (fhir.resources, R4B models, which
match R4 for Questionnaire, QuestionnaireResponse and Observation), plus the R4 code lists
that library does not enforce. Prints one line per file; exits 1 if any file is invalid."""

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
