import { route } from '../lib/http';
import { login } from './login';

export const handler = route('login', ({ body }) => login(body.code));
