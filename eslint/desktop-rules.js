// Import rules of the desktop app (desktop/src): see ARCHITECTURE.md. Filled by the desktop's
// rooms work; an empty list adds nothing.
export default [];
