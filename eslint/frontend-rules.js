// Import rules of the web app (frontend/src): see ARCHITECTURE.md. Filled by the frontend's
// one-way-features work; an empty list adds nothing.
export default [];
