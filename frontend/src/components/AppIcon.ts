// The app mark (header, sign-in page): shared so that features need not import app/nav.
import { Boxes } from 'lucide-react';

/** Boxes is the app mark in the header. */
export const AppIcon = Boxes;
