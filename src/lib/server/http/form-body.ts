import { error } from '@sveltejs/kit';

/**
 * A form action's fields, or a 400 when the body is not a form (a text/plain or broken
 * multipart body makes `request.formData()` throw, which would otherwise be a 500).
 */
export async function readFormData(request: Request): Promise<FormData> {
	try {
		return await request.formData();
	} catch {
		error(400, 'send the form as application/x-www-form-urlencoded or multipart/form-data');
	}
}
