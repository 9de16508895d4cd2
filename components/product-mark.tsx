/** The product's mark: a phone with a tick. public/icon.svg is the same drawing. */
export function ProductMark({ className = "size-8" }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" className={className} aria-hidden="true" focusable="false">
      <defs>
        <linearGradient id="product-mark-fill" x1="0" y1="0" x2="1" y2="1">
          <stop offset="0" stopColor="#3b6ff0" />
          <stop offset="1" stopColor="#1a47a3" />
        </linearGradient>
      </defs>
      <rect width="32" height="32" rx="8" fill="url(#product-mark-fill)" />
      <rect
        x="10"
        y="5.5"
        width="12"
        height="21"
        rx="2.75"
        fill="none"
        stroke="#fff"
        strokeWidth="2"
      />
      <path d="M14.5 8.75h3" stroke="#fff" strokeWidth="1.5" strokeLinecap="round" />
      <path
        d="M12.9 16.6l2.2 2.2 4.1-4.4"
        fill="none"
        stroke="#fff"
        strokeWidth="2"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
