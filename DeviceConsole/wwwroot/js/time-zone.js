// The browser's IANA time zone, so the console shows stored UTC times in the viewer's local time.
export function timeZone() {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}
