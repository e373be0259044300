/** Replies of the /event commands that more than one handler gives. */
export const ALREADY_EDITING = "You already had unsaved changes to this event; here they are. Press **Discard changes** to start from the published event again."
export const ALREADY_DRAFTING = "You already have an event draft open; here it is. Press **Cancel draft** on it to start over."
