/**
 * A certificate's validity from the request's Validity object. Source:
 * huaweicloud-sdk-go-v3 services/ccm/v1/model/model_validity.go: type YEAR (12 months), MONTH
 * (31 days each), DAY or HOUR; value, converted to years, at most 30 for a root CA and 20 for a
 * subordinate CA or a private certificate; start_from a millisecond timestamp no earlier than
 * five minutes before now. Every breach is PCA.00020109 (error-code page).
 */
import { Refusal } from "./errors.js";
import { objectOf, optionalInteger, requiredString } from "./input.js";

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
const START_TOLERANCE_MS = 5 * 60 * 1000;

export interface Period {
  readonly notBefore: Date;
  readonly notAfter: Date;
}

export function periodOf(validity: unknown, now: Date, maxYears: number): Period {
  const source = objectOf(validity, "PCA.00020109");
  const type = requiredString(source, "type", "PCA.00020109");
  const value = optionalInteger(source, "value", "PCA.00020109");
  const startFrom = optionalInteger(source, "start_from", "PCA.00020109");
  if (value === undefined || value < 1) throw new Refusal("PCA.00020109");
  if (startFrom !== undefined && startFrom < now.getTime() - START_TOLERANCE_MS) throw new Refusal("PCA.00020109");
  const notBefore = new Date(startFrom ?? now.getTime());
  const notAfter = add(notBefore, type, value);
  if (notAfter.getTime() > addMonths(notBefore, 12 * maxYears).getTime()) throw new Refusal("PCA.00020109");
  return { notBefore, notAfter };
}

function add(start: Date, type: string, value: number): Date {
  switch (type) {
    case "YEAR":
      return addMonths(start, 12 * value);
    case "MONTH":
      return new Date(start.getTime() + 31 * value * DAY_MS);
    case "DAY":
      return new Date(start.getTime() + value * DAY_MS);
    case "HOUR":
      return new Date(start.getTime() + value * HOUR_MS);
    default:
      throw new Refusal("PCA.00020109");
  }
}

function addMonths(start: Date, months: number): Date {
  const date = new Date(start.getTime());
  date.setUTCMonth(date.getUTCMonth() + months);
  return date;
}

/** The longest validity, in years, by what is being issued (model_validity.go). */
export const MAX_YEARS = { root: 30, other: 20 } as const;
