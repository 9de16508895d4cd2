/**
 * Scrolls `element` into view, if it is not: the check, or why a start failed, shows below the
 * button pressed, which on a phone may sit at the bottom of the screen. No slide for someone
 * who asked their system for less motion.
 */
export function bringIntoView(element: Element) {
  const still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  element.scrollIntoView({ block: "nearest", behavior: still ? "instant" : "smooth" });
}
